import { StoreUnavailableError } from '../notifications.errors.js';
import type { InboxStore } from './inbox-store.js';
import { InboxWriter } from './inbox-writer.js';
import type { AppendOutcome, NotificationDraft } from './notification-store.interface.js';

/**
 * The writer's loop against a store whose outages the test decides (the real stores'
 * outages are in postgres-unavailable.spec and test/no-loss): what it keeps, in which
 * order, and when it gives up.
 */
class ScriptedStore {
  state: 'up' | 'down' = 'up';
  closed = false;
  readonly stored: string[] = [];
  appends = 0;
  /** Decides each append: 'ok', 'bad' (an error of the draft) or 'down' (the store goes away). */
  next: (drafts: readonly NotificationDraft[]) => 'ok' | 'bad' | 'down' = () => 'ok';
  private waiters: (() => void)[] = [];

  async use<T>(op: (store: this) => Promise<T>): Promise<T> {
    if (this.state !== 'up') throw new StoreUnavailableError('down');
    return op(this);
  }

  async append(drafts: readonly NotificationDraft[]): Promise<AppendOutcome[]> {
    this.appends++;
    const verdict = this.next(drafts);
    if (verdict === 'down') {
      this.state = 'down';
      throw new StoreUnavailableError('connection lost');
    }
    if (verdict === 'bad') throw new Error('bad draft');
    this.stored.push(...drafts.map((draft) => draft.id));
    return drafts.map((draft, i) => ({ notification: { ...draft, data: null, position: this.stored.length - drafts.length + i + 1 }, duplicate: false }));
  }

  whenUp(): Promise<void> {
    if (this.state === 'up' || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  comeBack(): void {
    this.state = 'up';
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  shutDown(): void {
    this.closed = true;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

const draft = (id: string): NotificationDraft => ({ id, type: 't', data: null, createdAt: new Date(0).toISOString(), feeds: ['broadcast'] });
const settled = (promise: Promise<unknown>) => promise.then(() => 'stored', (error: Error) => error.constructor.name);

describe('InboxWriter', () => {
  let store: ScriptedStore;
  let writer: InboxWriter<string>;

  beforeEach(() => {
    store = new ScriptedStore();
    writer = new InboxWriter(store as unknown as InboxStore, (outcomes) => outcomes.map((o) => o.notification.id));
  });

  it('keeps the order of a batch whose one-by-one retry meets an outage', async () => {
    // The batch fails for one bad draft; while it is retried draft by draft, the store goes away at b.
    store.next = (drafts) => (drafts.length > 1 ? 'bad' : drafts[0].id === 'b' && store.appends === 3 ? 'down' : 'ok');
    const writes = ['a', 'b', 'c', 'd'].map((id) => writer.write(draft(id), true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.stored).toEqual(['a']);
    store.comeBack();
    expect(await Promise.all(writes)).toEqual(['a', 'b', 'c', 'd']);
    expect(store.stored).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails what cannot wait at once during an outage, and writes what waits once the store is back', async () => {
    store.state = 'down';
    await expect(writer.write(draft('http'), false)).rejects.toBeInstanceOf(StoreUnavailableError);
    const waiting = writer.write(draft('rmq'), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.appends).toBe(0);
    store.comeBack();
    expect(await waiting).toBe('rmq');
  });

  it('settles what still waits when the application shuts down during an outage, and stops', async () => {
    store.state = 'down';
    const waiting = [writer.write(draft('x'), true), writer.write(draft('y'), true)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.shutDown();
    expect(await Promise.all(waiting.map(settled))).toEqual(['StoreUnavailableError', 'StoreUnavailableError']);
    expect(await writer.idle(1000)).toBe(true);
    expect(store.appends).toBe(0);
  });
});
