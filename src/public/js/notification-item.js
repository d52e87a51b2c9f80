import { el, formatMoney, relativeTime } from './format.js';

/** What a notification says, by type; unknown types still show, as raw data. */
export function describe({ type, data }) {
  if (type === 'user.followed') return { icon: '+', title: `${data.followerId} followed you`, detail: 'user.followed' };
  if (type === 'order.created') {
    return { icon: '$', title: `New order ${data.orderId}`, detail: `${data.userId ?? 'someone'} · ${formatMoney(data.total)}` };
  }
  return { icon: '•', title: type, detail: JSON.stringify(data) };
}

/**
 * A row of the user's list. The whole row is a button while it is unread (a click marks it
 * read) and disabled once read, so keyboard users get the same action and no dead control.
 */
export function notificationItem(item, onOpen) {
  const text = describe(item);
  const open = el(
    'button',
    { type: 'button', class: 'notification-open', 'data-testid': 'notification-open' },
    el('span', { class: 'notification-icon', 'aria-hidden': 'true' }, text.icon),
    el(
      'span',
      { class: 'notification-text' },
      el('span', { class: 'notification-title' }, text.title),
      el('span', { class: 'notification-detail' }, text.detail),
      // Said to screen readers (and hidden with the dot) only while unread.
      el('span', { class: 'unread-label' }, ' (unread: press to mark read)'),
    ),
    relativeTime(item.createdAt),
  );
  open.addEventListener('click', () => onOpen(item.id));
  return el('li', { class: 'notification', 'data-testid': 'notification-item', dataset: { type: item.type, id: item.id } }, open);
}

/** A read row keeps its text, but no longer offers an action. */
export function updateNotificationItem(row, item) {
  row.firstElementChild.disabled = item.read;
}
