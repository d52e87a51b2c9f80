import { renderStatus } from './connection-status.js';
import { el, formatMoney, relativeTime, startRelativeClock } from './format.js';
import { connectLive } from './live-connection.js';
import { createSession } from './session.js';
import { setupSignIn } from './sign-in-panel.js';

const MAX_ROWS = 200; // a dashboard, not an archive: older rows drop off
const TITLE = 'Orders — Admin';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const status = byTestId('connection');
const panel = byTestId('orders-panel');
const list = byTestId('orders-list');
const empty = byTestId('orders-empty');
const badge = byTestId('unseen-count');
const markSeenButton = byTestId('mark-seen');

let live;
let unseen = 0;
const shown = new Set();

function renderUnseen() {
  badge.textContent = String(unseen);
  badge.hidden = unseen === 0;
  markSeenButton.disabled = unseen === 0;
  document.title = unseen ? `(${unseen}) ${TITLE}` : TITLE;
}

/**
 * "Unseen" means arrived since the operator last looked: coming back to the tab
 * (focus / visible) or pressing "Mark seen" resets it. An order that lands while
 * the tab is already in front still counts, so a glance at the title never misses one.
 */
function markSeen() {
  unseen = 0;
  for (const row of list.querySelectorAll('.is-unseen')) row.classList.remove('is-unseen');
  renderUnseen();
}

function orderRow({ data, createdAt }) {
  const time = relativeTime(data.createdAt ?? createdAt);
  time.className = 'order-time';
  time.dataset.testid = 'order-time';
  const row = el(
    'li',
    { class: 'order is-unseen is-arriving', 'data-testid': 'order-row', dataset: { orderId: data.orderId } },
    el('span', { class: 'order-id mono', 'data-testid': 'order-id' }, data.orderId),
    el('span', { class: 'order-user', 'data-testid': 'order-user' }, data.userId ?? '—'),
    el('span', { class: 'order-total', 'data-testid': 'order-total', dataset: { total: String(data.total ?? '') } }, formatMoney(data.total)),
    time,
  );
  row.addEventListener('animationend', () => row.classList.remove('is-arriving'), { once: true });
  return row;
}

function onNotify(envelope) {
  if (envelope.type !== 'order.created' || shown.has(envelope.id)) return;
  shown.add(envelope.id);
  list.prepend(orderRow(envelope)); // newest first
  while (list.children.length > MAX_ROWS) list.lastElementChild.remove();
  empty.hidden = true;
  unseen += 1;
  renderUnseen();
}

function clearOrders() {
  list.replaceChildren();
  shown.clear();
  empty.hidden = false;
  markSeen();
}

const signIn = await setupSignIn({
  session: createSession('admin'),
  devIdentity: () => ({ role: 'admin', sub: 'ops', name: 'Ops' }),
  onSignedIn(token, claims) {
    byTestId('role-warning').hidden = !claims || claims.roles.includes('admin');
    panel.hidden = false;
    live?.close();
    live = connectLive(token, {
      status,
      events: { notify: onNotify },
      onEnded() {
        panel.hidden = true;
        signIn.forget();
      },
    });
  },
  onSignedOut() {
    live?.close();
    live = undefined;
    panel.hidden = true;
    clearOrders();
    renderStatus(status, { state: 'signed-out' });
  },
});

markSeenButton.addEventListener('click', markSeen);
window.addEventListener('focus', markSeen);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') markSeen();
});
renderUnseen();
startRelativeClock(list);
