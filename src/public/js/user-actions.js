import { api, describeError } from './api.js';
import { formatMoney } from './format.js';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * The "Do something" card: follow a user, place an order. Each action calls the backend
 * with the signed-in user's token and reports its outcome under the forms.
 * @param currentToken the token of the moment (undefined when signed out)
 */
export function setupActions(currentToken) {
  const actionStatus = byTestId('action-status');

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
    await api.follow(currentToken(), followeeId);
    return `You followed ${followeeId}; their page shows it now.`;
  });

  onSubmit(byTestId('order-form'), async (fields) => {
    const total = Number(fields.get('total'));
    const { orderId } = await api.placeOrder(currentToken(), total);
    return `Order ${orderId} placed (${formatMoney(total)}); admins see it on /admin.`;
  });

  return {
    clear: () => say('', ''),
  };
}
