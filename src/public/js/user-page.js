import { renderStatus } from './connection-status.js';
import { startRelativeClock } from './format.js';
import { openInbox } from './inbox.js';
import { createListView } from './inbox-list.js';
import { describe, notificationItem, updateNotificationItem } from './notification-item.js';
import { createSession } from './session.js';
import { setupSignIn } from './sign-in-panel.js';
import { showToast } from './toasts.js';
import { setupActions } from './user-actions.js';

const MAX_ITEMS = 100;
const TITLE = 'Notifications demo';
// Suggest a different demo user in each new window, so two windows are two people by default.
const DEMO_USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const LAST_DEV_USER = 'notifications-demo.last-dev-user';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const status = byTestId('connection');
const panels = [byTestId('actions-panel'), byTestId('notifications-panel')];
const list = byTestId('notification-list');
const empty = byTestId('notifications-empty');
const problem = byTestId('inbox-error');
const bell = byTestId('bell');
const bellCount = byTestId('bell-count');
const markAllButton = byTestId('mark-all-read');

let inbox;
let token;
const actions = setupActions(() => token);
const view = createListView(list, {
  build: (item) => notificationItem(item, (id) => inbox?.markRead([id])),
  update: updateNotificationItem,
});

function showProblem(text) {
  problem.textContent = text ?? '';
  problem.hidden = !text;
}

/** The list, the bell, "Mark all read" and the tab title, from the inbox as it is now. */
function render() {
  view.render(inbox?.list() ?? []);
  const unread = inbox?.unread ?? 0;
  bell.hidden = !inbox;
  bellCount.textContent = String(unread);
  bellCount.hidden = unread === 0;
  bell.setAttribute('aria-label', unread ? `Notifications: ${unread} unread` : 'Notifications: none unread');
  markAllButton.disabled = unread === 0 || !inbox?.connected;
  empty.hidden = !inbox?.loaded || list.childElementCount > 0;
  document.title = unread ? `(${unread}) ${TITLE}` : TITLE;
}

// The bell takes you to the list (below the actions on a phone).
bell.addEventListener('click', () => {
  byTestId('notifications-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
  byTestId('notifications-heading').focus({ preventScroll: true });
});
markAllButton.addEventListener('click', () => inbox?.markRead('all'));

const devUserInput = byTestId('dev-user-id');
const last = localStorage.getItem(LAST_DEV_USER);
devUserInput.value = DEMO_USERS[(DEMO_USERS.indexOf(last) + 1) % DEMO_USERS.length];

function signOut() {
  inbox?.close();
  inbox = token = undefined;
  for (const panel of panels) panel.hidden = true;
  showProblem(undefined);
  render();
}

const signIn = await setupSignIn({
  session: createSession('user'),
  devIdentity(fields) {
    const sub = String(fields.get('sub') ?? '').trim() || 'alice';
    localStorage.setItem(LAST_DEV_USER, sub);
    return { role: 'user', sub, name: sub.charAt(0).toUpperCase() + sub.slice(1) };
  },
  onSignedIn(newToken) {
    inbox?.close();
    inbox = undefined;
    token = newToken;
    for (const panel of panels) panel.hidden = false;
    inbox = openInbox(token, {
      status,
      max: MAX_ITEMS,
      onChange: render,
      onState: render, // "Mark all read" needs the connection
      onLive: (envelope) => showToast(byTestId('toasts'), describe(envelope)),
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
    actions.clear();
    renderStatus(status, { state: 'signed-out' });
  },
});

startRelativeClock(list);
