import { el, formatMoney, relativeTime } from './format.js';

/** A row of the orders list: id, who placed it, total, and how long ago (kept current by the relative clock). */
export function orderRow({ data, createdAt }) {
  const time = relativeTime(data.createdAt ?? createdAt);
  time.className = 'order-time';
  time.dataset.testid = 'order-time';
  return el(
    'li',
    { class: 'order', 'data-testid': 'order-row', dataset: { orderId: data.orderId } },
    el('span', { class: 'order-id mono', 'data-testid': 'order-id' }, data.orderId),
    el('span', { class: 'order-user', 'data-testid': 'order-user' }, data.userId ?? '—'),
    el('span', { class: 'order-total', 'data-testid': 'order-total', dataset: { total: String(data.total ?? '') } }, formatMoney(data.total)),
    time,
  );
}
