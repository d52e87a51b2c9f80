import { api, describeError } from './api.js';
import { renderStatus } from './connection-status.js';
import { el, formatMoney, relativeTime, startRelativeClock } from './format.js';
import { connectLive } from './live-connection.js';
import { createSession } from './session.js';
import { setupSignIn } from './sign-in-panel.js';
import { showToast } from './toasts.js';

const MAX_ITEMS = 100;
// Suggest a different demo user in each new window, so two windows are two people by default.
const DEMO_USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const LAST_DEV_USER = 'notifications-demo.last-dev-user';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const status = byTestId('connection');
const panels = [byTestId('actions-panel'), byTestId('notifications-panel')];
const list = byTestId('notification-list');
const empty = byTestId('notifications-empty');
const actionStatus = byTestId('action-status');

let live;
let token;
const shown = new Set();

/** What a notification says, by type; unknown types still show, as raw data. */
function describe({ type, data }) {
  if (type === 'user.followed') return { icon: '+', title: `${data.followerId} followed you`, detail: 'user.followed' };
  if (type === 'order.created') {
    return { icon: '$', title: `New order ${data.orderId}`, detail: `${data.userId ?? 'someone'} · ${formatMoney(data.total)}` };
  }
  return { icon: '•', title: type, detail: JSON.stringify(data) };
}

function onNotify(envelope) {
  if (shown.has(envelope.id)) return;
  shown.add(envelope.id);
  const text = describe(envelope);
  const item = el(
    'li',
    { class: 'notification is-arriving', 'data-testid': 'notification-item', dataset: { type: envelope.type } },
    el('span', { class: 'notification-icon', 'aria-hidden': 'true' }, text.icon),
    el('div', {}, el('div', { class: 'notification-title' }, text.title), el('div', { class: 'notification-detail' }, text.detail)),
    relativeTime(envelope.createdAt),
  );
  item.addEventListener('animationend', () => item.classList.remove('is-arriving'), { once: true });
  list.prepend(item);
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
  empty.hidden = true;
  showToast(byTestId('toasts'), text);
}

function say(kind, text) {
  actionStatus.dataset.kind = kind;
  actionStatus.textContent = text;
}

/** Runs a form's action with its button disabled, and reports the outcome under the forms. */
function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    // Replaces the previous outcome at once, so an old "placed" line is never read as the new one.
    say('pending', 'Sending…');
    try {
      say('ok', await action(new FormData(form)));
    } catch (failure) {
      say('error', describeError(failure));
    } finally {
      button.disabled = false;
    }
  });
}

onSubmit(byTestId('follow-form'), async (fields) => {
  const followeeId = String(fields.get('followeeId') ?? '').trim();
  await api.follow(token, followeeId);
  return `You followed ${followeeId}; their page shows it now.`;
});

onSubmit(byTestId('order-form'), async (fields) => {
  const total = Number(fields.get('total'));
  const { orderId } = await api.placeOrder(token, total);
  return `Order ${orderId} placed (${formatMoney(total)}); admins see it on /admin.`;
});

const devUserInput = byTestId('dev-user-id');
const last = localStorage.getItem(LAST_DEV_USER);
devUserInput.value = DEMO_USERS[(DEMO_USERS.indexOf(last) + 1) % DEMO_USERS.length];

const signIn = await setupSignIn({
  session: createSession('user'),
  devIdentity(fields) {
    const sub = String(fields.get('sub') ?? '').trim() || 'alice';
    localStorage.setItem(LAST_DEV_USER, sub);
    return { role: 'user', sub, name: sub.charAt(0).toUpperCase() + sub.slice(1) };
  },
  onSignedIn(newToken) {
    token = newToken;
    for (const panel of panels) panel.hidden = false;
    live?.close();
    live = connectLive(token, {
      status,
      events: { notify: onNotify },
      onEnded() {
        for (const panel of panels) panel.hidden = true;
        signIn.forget();
      },
    });
  },
  onSignedOut() {
    live?.close();
    live = token = undefined;
    for (const panel of panels) panel.hidden = true;
    list.replaceChildren();
    shown.clear();
    empty.hidden = false;
    say('', '');
    renderStatus(status, { state: 'signed-out' });
  },
});

startRelativeClock(list);
