import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MESSAGES, RESOLVED_OPTIONS } from '../notifications.constants.js';
import { StoreUnavailableError } from '../notifications.errors.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';
import { NotificationsMetrics } from '../metrics/notifications-metrics.js';
import { createStore } from './create-store.js';
import type { NotificationStore } from './notification-store.interface.js';
import { Backoff } from './backoff.js';

export type StoreState = 'disabled' | 'starting' | 'up' | 'down';

/**
 * The configured store and whether it can be used now. A connection failure marks
 * it down; from then on it is probed with a backoff until it answers, and whoever
 * waits (the RabbitMQ consumer) resumes by itself. Retention is swept in the background.
 */
@Injectable()
export class InboxStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationsInbox');
  private readonly store: NotificationStore | null;
  private readonly kind: string = 'none';
  private waiters: (() => void)[] = [];
  private probing = false;
  private shutDown = false;
  private sweeper?: NodeJS.Timeout;
  state: StoreState;

  constructor(
    @Inject(RESOLVED_OPTIONS) private readonly options: ResolvedNotificationsOptions,
    metrics: NotificationsMetrics,
  ) {
    metrics.observe({ storeState: () => this.state });
    const created = options.inbox ? createStore(options.inbox) : null;
    this.store = created?.store ?? null;
    if (created) this.kind = created.kind;
    this.state = this.store ? 'starting' : 'disabled';
  }

  /** True once the application shuts down: nothing more will be written. */
  get closed(): boolean {
    return this.shutDown;
  }

  get enabled(): boolean {
    return this.store !== null;
  }

  get epoch(): string {
    return this.store!.epoch;
  }

  async onModuleInit(): Promise<void> {
    if (!this.store || !this.options.inbox) return;
    try {
      await this.store.init();
      this.markUp(MESSAGES.storeUp(this.kind));
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.markDown(error); // start anyway: HTTP and sockets serve, writes wait or answer 503
    }
    const every = this.options.inbox.sweepEveryMs;
    this.sweeper = setInterval(() => void this.sweep(), every).unref();
  }

  /** Runs `op` on the store. @throws StoreUnavailableError while it is down (and marks it down on a connection failure) */
  async use<T>(op: (store: NotificationStore) => Promise<T>): Promise<T> {
    if (!this.store) throw new StoreUnavailableError(MESSAGES.noInbox);
    if (this.state !== 'up') throw new StoreUnavailableError(MESSAGES.storeUnavailable(this.state));
    try {
      return await op(this.store);
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.markDown(error);
      throw error;
    }
  }

  /** Resolves once the store is up (at once when it is); never while it is down, unless shut down. */
  whenUp(): Promise<void> {
    if (this.state === 'up' || this.shutDown) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutDown = true;
    clearInterval(this.sweeper);
    for (const resolve of this.waiters.splice(0)) resolve();
    await this.store?.close().catch(() => undefined);
  }

  private markUp(message: string): void {
    this.state = 'up';
    this.logger.log(message);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private markDown(error: Error): void {
    if (this.state === 'down' || this.shutDown) return;
    this.state = 'down';
    this.logger.warn(MESSAGES.storeDown(error.message));
    void this.probe();
  }

  /** Tries the store again, waiting longer each time (up to a few seconds), until it answers. */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const backoff = new Backoff(100, 3000);
    while (!this.shutDown && this.state === 'down') {
      await backoff.wait();
      try {
        await this.store!.init();
        await this.store!.ping();
        this.markUp(MESSAGES.storeBackUp);
      } catch {
        // still down; the next attempt waits longer
      }
    }
    this.probing = false;
  }

  private async sweep(): Promise<void> {
    try {
      await this.use((store) => store.sweep());
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) this.logger.warn(MESSAGES.sweepFailed((error as Error).message));
    }
  }
}
