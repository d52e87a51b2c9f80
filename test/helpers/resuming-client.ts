import { io } from 'socket.io-client';
import type { NotificationEnvelope } from '#notifications';
import type { ClientSocket } from './socket.js';

const position = (envelope: NotificationEnvelope): number => Number(envelope.cursor?.split('.').at(-1) ?? -1);

/**
 * A client as an app would write one: it reconnects by itself and sends the last
 * cursor it saw on every reconnect, so the server replays what it missed. It keeps
 * what it showed: every notification, duplicates included.
 */
export class ResumingClient {
  readonly shown: NotificationEnvelope[] = [];
  private cursor?: string;

  private constructor(readonly socket: ClientSocket) {}

  static connect(baseUrl: string, token: string, ms = 10_000): Promise<ResumingClient> {
    let client!: ResumingClient;
    const socket: ClientSocket = io(`${baseUrl}/notifications`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      // Called before every (re)connect: the cursor is the one seen last.
      auth: (send) => send({ token, ...(client?.cursor ? { cursor: client.cursor } : {}) }),
    });
    client = new ResumingClient(socket);
    socket.on('notify', (envelope) => client.show(envelope));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (socket.close(), reject(new Error(`no connect within ${ms} ms`))), ms);
      socket.once('connect', () => (clearTimeout(timer), resolve(client)));
    });
  }

  /** Distinct notifications shown. */
  get distinct(): number {
    return new Set(this.shown.map((e) => e.id)).size;
  }

  get duplicates(): number {
    return this.shown.length - this.distinct;
  }

  close(): void {
    this.socket.disconnect();
  }

  private show(envelope: NotificationEnvelope): void {
    this.shown.push(envelope);
    if (!this.cursor || position(envelope) > Number(this.cursor.split('.').at(-1))) this.cursor = envelope.cursor;
  }
}
