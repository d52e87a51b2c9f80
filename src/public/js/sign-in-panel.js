import { api, describeError } from './api.js';
import { readClaims } from './session.js';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * Wires the sign-in card and the "signed in as" card shared by both pages:
 * paste a token, or dev sign-in where the host enabled it (DEV_SIGN_IN=true); the token is kept per tab.
 * @param devIdentity builds the POST /dev/token body from the dev form's fields
 */
export async function setupSignIn({ session, devIdentity, onSignedIn, onSignedOut }) {
  const panel = byTestId('sign-in-panel');
  const devForm = byTestId('dev-sign-in');
  const tokenForm = byTestId('token-form');
  const tokenInput = byTestId('token-input');
  const error = byTestId('sign-in-error');
  const sessionCard = byTestId('session');

  const showError = (text) => {
    error.textContent = text ?? '';
    error.hidden = !text;
  };
  const showSignedOut = () => {
    panel.hidden = false;
    sessionCard.hidden = true;
  };
  const signIn = (token) => {
    const claims = readClaims(token);
    session.save(token);
    showError();
    panel.hidden = true;
    sessionCard.hidden = false;
    byTestId('session-user').textContent = claims?.name ? `${claims.name} (${claims.id})` : (claims?.id ?? 'unknown');
    byTestId('session-roles').textContent = claims?.roles.length ? `roles: ${claims.roles.join(', ')}` : 'no roles';
    onSignedIn(token, claims);
  };

  // The dev button only appears where POST /dev/token exists (DEV_SIGN_IN=true, never in production).
  const { devSignIn } = await api.uiConfig().catch(() => ({ devSignIn: false }));
  devForm.hidden = !devSignIn;
  byTestId('dev-divider').hidden = !devSignIn;

  devForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const { token } = await api.devToken(devIdentity(new FormData(devForm)));
      signIn(token);
    } catch (failure) {
      showError(describeError(failure));
    }
  });
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (token) signIn(token);
    else showError('Paste a token first.');
  });
  byTestId('sign-out').addEventListener('click', () => {
    session.clear();
    showSignedOut();
    onSignedOut();
  });

  const saved = session.load();
  if (saved) signIn(saved);
  else onSignedOut();
  document.body.dataset.ready = ''; // wired up: scripts and tests may act now

  return {
    /** After a rejected or expired token: forget it and ask again, keeping the status on screen. */
    forget() {
      session.clear();
      showSignedOut();
    },
  };
}
