import { renderStatus } from './connection-status.js';
import { startRelativeClock } from './format.js';
import { openInbox } from './inbox.js';
import { createListView } from './inbox-list.js';
import { orderRow } from './order-row.js';
import { createSession } from './session.js';
import { setupSignIn } from './sign-in-panel.js';

const MAX_ROWS = 200; // a dashboard, not an archive: older rows drop off
const TITLE = 'Orders — Admin';
const isOrder = ({ type }) => type === 'order.created';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const status = byTestId('connection');
const panel = byTestId('orders-panel');
const list = byTestId('orders-list');
const empty = byTestId('orders-empty');
const problem = byTestId('inbox-error');
const badge = byTestId('unseen-count');
const markSeenButton = byTestId('mark-seen');

let inbox;
const view = createListView(list, { build: orderRow });

const unseenOrders = () => (inbox?.list() ?? []).filter((order) => !order.read);

function showProblem(text) {
  problem.textContent = text ?? '';
  problem.hidden = !text;
}

/**
 * "Unseen" is the server's read state of each order, so it survives a reload and is the
 * same in every tab of this admin. Only "Mark seen" changes it: looking at the tab no
 * longer does, because a read on the server clears the badge in the admin's other tabs
 * and devices too, and a glance (or an alt-tab that lands here) is not a decision.
 */
function render() {
  const orders = inbox?.list() ?? [];
  view.render(orders);
  const unseen = orders.filter((order) => !order.read).length;
  badge.textContent = String(unseen);
  badge.hidden = unseen === 0;
  markSeenButton.disabled = unseen === 0 || !inbox?.connected;
  empty.hidden = !inbox?.loaded || orders.length > 0;
  document.title = unseen ? `(${unseen}) ${TITLE}` : TITLE;
}

function signOut() {
  inbox?.close();
  inbox = undefined;
  panel.hidden = true;
  showProblem(undefined);
  render();
}

const signIn = await setupSignIn({
  session: createSession('admin'),
  devIdentity: () => ({ role: 'admin', sub: 'ops', name: 'Ops' }),
  onSignedIn(token, claims) {
    byTestId('role-warning').hidden = !claims || claims.roles.includes('admin');
    signOut();
    panel.hidden = false;
    inbox = openInbox(token, {
      status,
      accept: isOrder,
      max: MAX_ROWS,
      onChange: render,
      onState: render, // "Mark seen" needs the connection
      onProblem: showProblem,
      onEnded() {
        signOut();
        signIn.forget();
      },
    });
    render();
  },
  onSignedOut() {
    signOut();
    renderStatus(status, { state: 'signed-out' });
  },
});

markSeenButton.addEventListener('click', () => inbox?.markRead(unseenOrders().map((order) => order.id)));
render();
startRelativeClock(list);
