// Served by the Socket.IO server itself (serveClient), so the pages need no CDN and no bundler.
import { io } from '/socket.io/socket.io.esm.min.js';
import { renderStatus } from './connection-status.js';

const RETRY_MS = 3000;

/**
 * One socket to /notifications, reported as plain states:
 *   connecting → connected ⇄ reconnecting (server gone or restarting; Socket.IO retries by itself)
 *   rejected   (the handshake refused the token: retrying cannot help, so it stops)
 *   expired    (the token ran out while connected; the server sent token_expired)
 *   closed     (the server ended the session for another reason)
 *
 * @param handshake called before every (re)connect: what to send besides the token (the inbox cursor),
 *   so a reconnect always carries the newest value rather than the one of the first connect
 * @param events server events to listen to, by name (notify, inbox:unread, inbox:reset)
 * @param onConnect after every accepted handshake
 * @param onState every state change, after the status element shows it
 */
export function connectLive(token, { status, handshake = () => ({}), events = {}, onConnect = () => {}, onState: observe = () => {}, onEnded }) {
  // Every page shows the state the same way; the session ending is the page's business.
  const onState = (state) => {
    renderStatus(status, state);
    observe(state);
  };
  const socket = io('/notifications', {
    auth: (send) => send({ ...handshake(), token }),
    // WebSocket only: every browser that runs ES modules has it, it skips the long-polling
    // upgrade round-trips, and it needs no sticky sessions behind a load balancer.
    transports: ['websocket'],
    // Back after a server restart within ~3 s rather than the default 5 s ceiling.
    reconnectionDelay: 500,
    reconnectionDelayMax: RETRY_MS,
  });
  let ended = false;
  let retry;
  const end = (state) => {
    ended = true;
    clearTimeout(retry);
    socket.disconnect();
    onState(state);
    onEnded();
  };

  onState({ state: 'connecting' });
  socket.on('connect', () => {
    onState({ state: 'connected' });
    onConnect();
  });
  for (const [name, handler] of Object.entries(events)) socket.on(name, handler);
  // A deploy or restart: the connection closes right after and Socket.IO reconnects by itself.
  socket.on('server_shutdown', () => onState({ state: 'reconnecting', message: 'the server is restarting' }));
  socket.on('token_expired', (reason) => end({ state: 'expired', code: reason?.code, message: reason?.message }));
  socket.on('connect_error', (error) => {
    if (error.message === 'Unauthorized') {
      end({ state: 'rejected', code: error.data?.code ?? 'UNAUTHORIZED', message: error.data?.message ?? 'the server refused the token' });
    } else if (error.data?.code === 'SERVER_SHUTTING_DOWN') {
      // Reached the old server while it shuts down. Socket.IO does not retry a refused handshake,
      // but the next attempt finds the new one (or another instance).
      onState({ state: 'reconnecting', message: error.data.message });
      retry = setTimeout(() => socket.connect(), RETRY_MS);
    } else if (socket.active) {
      onState({ state: 'reconnecting', message: error.message });
    } else {
      end({ state: 'closed', message: error.data?.message ?? error.message });
    }
  });
  socket.on('disconnect', (reason) => {
    if (ended || reason === 'io client disconnect') return;
    if (reason === 'io server disconnect') end({ state: 'closed', message: 'the server ended the session' });
    else onState({ state: 'reconnecting', message: reason });
  });
  socket.io.on('reconnect_attempt', (attempt) => onState({ state: 'reconnecting', attempt }));

  return {
    get connected() {
      return socket.connected;
    },
    /** An event with an ack; rejects when the server has not answered within `ms`. */
    request(event, payload, ms = 5000) {
      return socket.timeout(ms).emitWithAck(event, payload);
    },
    /** Closes the connection and opens a new one at once (its handshake is built again). */
    reconnect() {
      if (!ended) socket.disconnect().connect();
    },
    close() {
      ended = true;
      clearTimeout(retry);
      socket.disconnect();
    },
  };
}
