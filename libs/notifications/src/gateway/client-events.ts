import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { activeUser } from '../auth/socket-auth.guard.js';
import { NotificationsService } from '../core/notifications.service.js';
import { INBOX_CHECK_EVENT, INBOX_READ_EVENT, LIMITS, NOTIFY_EVENT } from '../notifications.constants.js';
import { NotificationsError } from '../notifications.errors.js';
import type { AuthenticatedUser, InboxCheckAck, InboxReadAck, InboxReadRequest, NotifyAck } from '../notifications.events.js';
import { ClientEventGate } from './client-event-gate.js';
import { ClientMistakes } from './client-mistakes.js';

type Ack = NotifyAck | InboxReadAck | InboxCheckAck;
type Handler = (user: AuthenticatedUser, body: unknown) => Promise<Ack>;

/**
 * The events a client sends (`notify`, `inbox:read`, `inbox:check`), as plain listeners on each
 * socket rather than Nest message handlers: those run the host's app-wide guards,
 * pipes and interceptors, which are written for its own requests (an HTTP-only
 * APP_GUARD refused every event). Each event passes the rate gate, then the token
 * check (it may have expired since the handshake), and is answered through its ack.
 */
@Injectable()
export class ClientEvents {
  private readonly logger = new Logger('NotificationsGateway');
  /** Event, handler, and how many events it counts as at the rate gate. */
  private readonly handlers: [string, Handler, number][] = [
    [NOTIFY_EVENT, async (user, body) => ({ ok: true, id: (await this.notifications.sendAs(user, body)).id }), 1],
    [INBOX_READ_EVENT, async (user, body) => ({ ok: true, unread: await this.notifications.markRead(user, body as InboxReadRequest) }), 1],
    [INBOX_CHECK_EVENT, async (user, body) => ({ ok: true, ...(await this.notifications.checkInbox(user, body)) }), LIMITS.inboxCheckCost],
  ];

  constructor(
    private readonly notifications: NotificationsService,
    private readonly gate: ClientEventGate,
    private readonly mistakes: ClientMistakes,
  ) {}

  // One listener per event for every socket, not a closure per socket and event (bench W1,
  // heap per idle socket): an emitter calls its listeners with itself as `this`.
  private readonly listeners = this.handlers.map(([event, handler, cost]) => {
    const events = this;
    return [event, function (this: Socket, ...args: unknown[]) { events.receive(this, handler, cost, args); }] as const;
  });

  attach(socket: Socket): void {
    for (const [event, listener] of this.listeners) socket.on(event, listener);
  }

  private receive(socket: Socket, handler: Handler, cost: number, args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (result: Ack) => void) : undefined;
    if (!this.gate.admit(socket, ack, cost)) return;
    // Socket.IO's own shape: one argument is the body, several are a list.
    const body = args.length === 1 ? args[0] : args;
    void this.run(socket, handler, body).then((result) => ack?.(result));
  }

  private async run(socket: Socket, handler: Handler, body: unknown): Promise<Ack> {
    try {
      return await handler(activeUser(socket), body);
    } catch (error) {
      return this.failure(socket, error);
    }
  }

  /** A client's mistake is answered with its code (and logged once a minute at most); anything else is a bug. */
  private failure(socket: Socket, error: unknown): Ack {
    if (error instanceof NotificationsError) {
      this.mistakes.report(socket, error.code, error.message);
      return { ok: false, error: error.toJSON() };
    }
    this.logger.error(error);
    return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
  }
}
