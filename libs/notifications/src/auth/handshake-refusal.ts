import type { NotificationsErrorCode } from '../notifications.errors.js';

/** A handshake refusal as clients receive it: `connect_error` with `data: { code, message }`. */
export type HandshakeRefusal = Error & { data: { code: NotificationsErrorCode; message: string } };

export function refusal(code: NotificationsErrorCode, message: string, title = 'Unavailable'): HandshakeRefusal {
  return Object.assign(new Error(title), { data: { code, message } });
}
