const SPINNING = new Set(['connecting', 'reconnecting']);

/** The state in words a person can read at a glance; tests read the same text. */
export function describeState({ state, code, message, attempt }) {
  switch (state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return 'connecting…';
    case 'reconnecting':
      return attempt > 1 ? `reconnecting… (attempt ${attempt})` : 'reconnecting…';
    case 'rejected':
      return `token rejected: ${code} — ${message}`;
    case 'expired':
      return 'signed out: token expired — sign in again';
    case 'closed':
      return `disconnected: ${message}`;
    default:
      return 'signed out';
  }
}

/** Renders a state into the status element: dot colour via data-state, spinner only while waiting. */
export function renderStatus(root, status) {
  root.dataset.state = status.state;
  root.querySelector('[data-testid="connection-state"]').textContent = describeState(status);
  root.querySelector('[data-testid="connection-spinner"]').hidden = !SPINNING.has(status.state);
}
