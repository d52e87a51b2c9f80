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
      if (this.store.state !== 'up') {
        this.failFast();
        await this.store.whenUp();
        if ((this.store.state as string) !== 'up') break; // shut down while waiting
        continue;
      }
      await this.append(this.queue.splice(0, MAX_BATCH));
    }
    this.running = false;
    if (this.queue.length) return this.schedule();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async append(batch: Pending<R>[]): Promise<void> {
    const drafts = batch.map((pending) => pending.draft);
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.store.use((store) => store.append(drafts));
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        // In order, ahead of what came meanwhile; the loop waits for the store to return.
        this.queue = [...batch.filter((pending) => pending.wait), ...this.queue];
        for (const pending of batch) if (!pending.wait) pending.reject(error);
        return;
      }
      // One bad draft must not fail the others: write them one by one to find it.
      if (batch.length > 1) for (const pending of batch) await this.append([pending]);
      else batch[0].reject(error);
      return;
    }
    const results = this.onStored(outcomes, drafts);
    for (let i = 0; i < batch.length; i++) batch[i].resolve(results[i]);
  }

  private failFast(): void {
    const error = new StoreUnavailableError(MESSAGES.storeUnavailable(this.store.state));
    const waiting = this.queue.filter((pending) => pending.wait);
    for (const pending of this.queue) if (!pending.wait) pending.reject(error);
    this.queue = waiting;
  }
}
