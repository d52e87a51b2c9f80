// Served by the Socket.IO server itself (serveClient), so the pages need no CDN and no bundler.
import { io } from '/socket.io/socket.io.esm.min.js';
import { renderStatus } from './connection-status.js';

/**
 * One socket to /notifications, reported as plain states:
 *   connecting → connected ⇄ reconnecting (server gone; Socket.IO retries by itself)
 *   rejected   (the handshake refused the token: retrying cannot help, so it stops)
 *   expired    (the token ran out while connected; the server sent token_expired)
 *   closed     (the server ended the session for another reason)
 */
export function connectLive(token, { status, onNotify, onEnded }) {
  // Every page shows the state the same way; the session ending is the page's business.
  const onState = (state) => renderStatus(status, state);
  const socket = io('/notifications', {
    auth: { token },
    // WebSocket only: every browser that runs ES modules has it, it skips the long-polling
    // upgrade round-trips, and it needs no sticky sessions behind a load balancer.
    transports: ['websocket'],
    // Back after a server restart within ~3 s rather than the default 5 s ceiling.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
  let ended = false;
  const end = (state) => {
    ended = true;
    socket.disconnect();
    onState(state);
    onEnded();
  };

  onState({ state: 'connecting' });
  socket.on('connect', () => onState({ state: 'connected' }));
  socket.on('notify', (envelope) => onNotify(envelope));
  socket.on('token_expired', (reason) => end({ state: 'expired', code: reason?.code, message: reason?.message }));
  socket.on('connect_error', (error) => {
    if (error.message === 'Unauthorized') {
      end({ state: 'rejected', code: error.data?.code ?? 'UNAUTHORIZED', message: error.data?.message ?? 'the server refused the token' });
    } else if (socket.active) {
      onState({ state: 'reconnecting', message: error.message });
    } else {
      end({ state: 'closed', message: error.message });
    }
  });
  socket.on('disconnect', (reason) => {
    if (ended || reason === 'io client disconnect') return;
    if (reason === 'io server disconnect') end({ state: 'closed', message: 'the server ended the session' });
    else onState({ state: 'reconnecting', message: reason });
  });
  socket.io.on('reconnect_attempt', (attempt) => onState({ state: 'reconnecting', attempt }));

  return {
    close() {
      ended = true;
      socket.disconnect();
    },
  };
}
