import { MESSAGES } from '../notifications.constants.js';
import { StoreUnavailableError } from '../notifications.errors.js';
import type { InboxStore } from './inbox-store.js';
import type { AppendOutcome, NotificationDraft } from './notification-store.interface.js';

interface Pending<R> {
  draft: NotificationDraft;
  /** Wait for the store to come back (RabbitMQ messages), or fail at once (HTTP, code). */
  wait: boolean;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Called once per committed batch, in commit order, before anyone awaiting it resumes;
 * what it returns for each draft is what that draft's `write` resolves with.
 */
export type OnStored<R> = (outcomes: AppendOutcome[], drafts: NotificationDraft[]) => R[];

const MAX_BATCH = 500;

/**
 * Writes drafts to the store in batches: one per event-loop turn, one batch in flight
 * at a time (batches grow while the store is busy). Pushes happen in `onStored`, after
 * the commit and in position order, so a notification is never pushed before it is kept.
 */
export class InboxWriter<R> {
  private queue: Pending<R>[] = [];
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: InboxStore,
    private readonly onStored: OnStored<R>,
  ) {}

  write(draft: NotificationDraft, wait: boolean): Promise<R> {
    if (!wait && this.store.state !== 'up') return Promise.reject(new StoreUnavailableError(MESSAGES.storeUnavailable(this.store.state)));
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, wait, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves true once nothing is queued or being written, false after `ms`. */
  idle(ms: number): Promise<boolean> {
    if (!this.running && !this.queue.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idleWaiters.push(() => (clearTimeout(timer), resolve(true)));
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.queue.length) {
      if (this.store.state === 'up') {
        const left = await this.append(this.queue.splice(0, MAX_BATCH));
        if (!left.length) continue;
        this.queue = [...left, ...this.queue]; // in order, ahead of what came meanwhile
      }
      // The store is down: what cannot wait fails now, the rest waits for it to come back;
      // after a shutdown nothing more is written (RabbitMQ redelivers what was not acked).
      this.rejectQueued((pending) => !pending.wait);
      await this.store.whenUp();
      if (this.store.closed) this.rejectQueued(() => true);
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** @returns the part of the batch left unwritten because the store went down, in order */
  private async append(batch: Pending<R>[]): Promise<Pending<R>[]> {
    const drafts = batch.map((pending) => pending.draft);
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.store.use((store) => store.append(drafts));
    } catch (error) {
      if (error instanceof StoreUnavailableError) return batch;
      if (batch.length === 1) {
        batch[0].reject(error);
        return [];
      }
      // One bad draft must not fail the others: write them one by one to find it.
      for (let i = 0; i < batch.length; i++) {
        const left = await this.append([batch[i]]);
        if (left.length) return [...left, ...batch.slice(i + 1)];
      }
      return [];
    }
    const results = this.onStored(outcomes, drafts);
    for (let i = 0; i < batch.length; i++) batch[i].resolve(results[i]);
    return [];
  }

  private rejectQueued(which: (pending: Pending<R>) => boolean): void {
    const error = new StoreUnavailableError(MESSAGES.storeUnavailable(this.store.state));
    const kept: Pending<R>[] = [];
    for (const pending of this.queue) (which(pending) ? pending.reject(error) : kept.push(pending));
    this.queue = kept;
  }
}
