import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { InboxService } from '../core/inbox.service.js';
import { parseCursor, parseSyncReport, type Cursor } from '../inbox/cursor.js';
import { INBOX_RESET_EVENT, INBOX_SYNCED_EVENT, INBOX_UNREAD_EVENT, LIMITS, MESSAGES, NOTIFY_EVENT } from '../notifications.constants.js';
import { StoreUnavailableError } from '../notifications.errors.js';
import type { AuthenticatedUser, InboxReset, InboxSynced, ResumeAuth } from '../notifications.events.js';
import { DeliveryPolicy } from './delivery-policy.js';

type InboxSocket = Socket & { data: { user: AuthenticatedUser; resumeFrom?: string } };

/** Resolves once what is queued for the socket has been written (or it closed). */
function written(socket: Socket): Promise<void> {
  const conn = socket.conn as unknown as { writeBuffer: unknown[]; once(event: string, fn: () => void): void; off(event: string, fn: () => void): void };
  if (conn.writeBuffer.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      conn.off('drain', done);
      conn.off('close', done);
      resolve();
    };
    conn.once('drain', done);
    conn.once('close', done);
  });
}

function synced(socket: Socket, point: InboxSynced): void {
  socket.emit(INBOX_SYNCED_EVENT, point);
}

/**
 * A socket's inbox session. Without a cursor: `inbox:synced` at the newest position,
 * then its unread count. With `auth.cursor`: everything after it (or after `auth.since`
 * when the client received fewer than the inbox holds up to its cursor), in order, then
 * `inbox:synced`, then live pushes (held meanwhile, see ReplayGates), then the unread
 * count; a cursor that cannot be resumed gets `inbox:reset`. If the store is down, the
 * connection is closed so the client reconnects (with the same cursor) once it is back.
 */
@Injectable()
export class InboxSessions {
  private readonly logger = new Logger('NotificationsGateway');

  constructor(
    private readonly inbox: InboxService,
    private readonly delivery: DeliveryPolicy,
  ) {}

  /** At the handshake, before the socket can receive anything: hold its live pushes if it resumes. */
  prepare(socket: InboxSocket): void {
    const cursor: unknown = socket.handshake.auth?.cursor;
    if (!this.inbox.enabled || typeof cursor !== 'string' || !cursor) return;
    socket.data.resumeFrom = cursor;
    this.delivery.replays.hold(socket.id);
    // 'disconnect' only comes to a socket that connected; a connection that closes during
    // the rest of the handshake must drop the gate too.
    const drop = () => this.delivery.replays.drop(socket.id);
    socket.once('disconnect', drop);
    socket.conn.once('close', drop);
  }

  /** Once connected. Never rejects: failures end in a closed connection and a log line. */
  async start(socket: InboxSocket): Promise<void> {
    if (!this.inbox.enabled) return;
    const { user, resumeFrom } = socket.data;
    try {
      // A push that lands between the connect and this read arrives before the sync point;
      // clients count what they have above it, whenever it came.
      if (resumeFrom !== undefined) await this.resume(socket, user, resumeFrom);
      else synced(socket, await this.inbox.syncPoint(user));
      socket.emit(INBOX_UNREAD_EVENT, { count: await this.inbox.unreadCount(user) });
    } catch (error) {
      this.delivery.replays.drop(socket.id);
      if (resumeFrom === undefined && error instanceof StoreUnavailableError) return; // no count now; pushes still flow
      if (!(error instanceof StoreUnavailableError)) this.logger.error(error);
      socket.conn.close();
    }
  }

  private async resume(socket: InboxSocket, user: AuthenticatedUser, raw: string): Promise<void> {
    const cursor = parseCursor(raw);
    const auth = socket.handshake.auth as ResumeAuth;
    const start = await this.inbox.replayStart(user, cursor, cursor && parseSyncReport(cursor, auth));
    if (start === undefined) return this.reset(socket, user, cursor);
    const sent = await this.replay(socket, user, start);
    // Before the held pushes: those above `sent` are the first the client counts.
    synced(socket, await this.inbox.syncPoint(user, sent));
    // Too much arrived live meanwhile to hold: close, the client resumes again from what it got.
    if (!this.delivery.replays.release(socket, sent)) socket.conn.close();
  }

  private async reset(socket: InboxSocket, user: AuthenticatedUser, cursor: Cursor | undefined): Promise<void> {
    const code: InboxReset['code'] = cursor && (await this.inbox.isCurrentEpoch(cursor.epoch)) ? 'CURSOR_EXPIRED' : 'CURSOR_UNKNOWN';
    socket.emit(INBOX_RESET_EVENT, { code, message: MESSAGES.cursorReset } satisfies InboxReset);
    synced(socket, await this.inbox.syncPoint(user));
    this.delivery.replays.release(socket, 0);
  }

  /** Sends what the socket missed after `start`. @returns the position it was sent up to */
  private async replay(socket: InboxSocket, user: AuthenticatedUser, start: number): Promise<number> {
    let sent = start;
    for (;;) {
      const page = await this.inbox.missed(user, sent, LIMITS.replayPage);
      for (const envelope of page) {
        socket.emit(NOTIFY_EVENT, envelope);
        // A replay goes at the client's pace, within the same cap as live pushes (emit bypasses the adapter's guard).
        if (this.delivery.slow.full(socket)) await written(socket);
      }
      if (page.length) sent = parseCursor(page[page.length - 1].cursor)!.position;
      if (page.length < LIMITS.replayPage || !socket.connected) return sent;
      await written(socket);
    }
  }
}
