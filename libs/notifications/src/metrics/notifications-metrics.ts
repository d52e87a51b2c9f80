import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Registry } from 'prom-client';
import { LIMITS, RESOLVED_OPTIONS } from '../notifications.constants.js';
import { TalliedCounter } from './tallied-counter.js';
import type { ResolvedNotificationsOptions } from '../notifications-options.interface.js';

/** Readings taken when Prometheus scrapes, from the parts that own them. */
export interface MetricSources {
  sockets?: () => number;
  bufferedBytes?: () => number;
  consumerState?: () => string;
  storeState?: () => string;
}

export type ResumeResult = 'after_cursor' | 'gap_replayed' | 'unchecked' | 'reset';

const LAG_RESOLUTION_MS = 50;
const CONSUMER_STATES = ['connecting', 'connected', 'disconnected', 'disabled'] as const;
const STORE_STATES = ['disabled', 'starting', 'up', 'down'] as const;

/**
 * The module's Prometheus metrics, in the host's registry when it passes one
 * (`metrics.registry`), else in a registry of the module's own (`.registry`, which a
 * host can also merge). Nothing here is global: two apps in one process do not collide.
 */
@Injectable()
export class NotificationsMetrics implements OnModuleDestroy {
  readonly registry: Registry;
  private readonly sources: MetricSources = {};
  // A 10 ms resolution (prom-client's default) costs an idle instance 6.9 ms of CPU a
  // second, every instance of a cluster alike; 50 ms costs 1.8 and still samples a
  // scrape interval of 15 s 300 times (node -e with monitorEventLoopDelay, 5 s idle).
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  private readonly types = new Set<string>();
  private readonly handshakes: Counter<'result'>;
  private readonly pushes: TalliedCounter<'type' | 'target'>;
  private readonly rmq: TalliedCounter<'outcome'>;
  private readonly deadLetters: Counter<'reason'>;
  private readonly clientLimits: Counter<'action'>;
  private readonly resumes: Counter<'result'>;
  private readonly checks: Counter<'result'>;

  constructor(@Inject(RESOLVED_OPTIONS) options: ResolvedNotificationsOptions) {
    this.registry = (options.metrics.registry as Registry | undefined) ?? new Registry();
    const p = options.metrics.prefix;
    const registers = [this.registry];
    this.handshakes = new Counter({ name: `${p}handshakes_total`, help: 'Socket handshakes by result (ok or the refusal code)', labelNames: ['result'], registers });
    this.pushes = new TalliedCounter({ name: `${p}pushed_total`, help: 'Notifications pushed, by type and target kind (user, role, broadcast)', labelNames: ['type', 'target'], registers });
    this.rmq = new TalliedCounter({ name: `${p}rmq_messages_total`, help: 'RabbitMQ messages consumed, acked and redelivered', labelNames: ['outcome'], registers });
    this.deadLetters = new Counter({ name: `${p}rmq_dead_lettered_total`, help: 'RabbitMQ messages dead-lettered, by reason', labelNames: ['reason'], registers });
    this.clientLimits = new Counter({ name: `${p}client_limits_total`, help: 'Client limits applied: rate_limited, flood_disconnect, slow_consumer_cut', labelNames: ['action'], registers });
    this.resumes = new Counter({ name: `${p}inbox_resumes_total`, help: 'Inbox resumes: after_cursor, gap_replayed (the client missed one below its cursor), unchecked (no since/received) or reset', labelNames: ['result'], registers });
    this.checks = new Counter({ name: `${p}inbox_checks_total`, help: 'inbox:check answers: complete, or incomplete (the client reconnects to replay what is missing)', labelNames: ['result'], registers });
    this.gauges(p, registers);
    this.lag.enable();
  }

  /** Where the gauges read from; each part registers what it owns. */
  observe(sources: MetricSources): void {
    Object.assign(this.sources, sources);
  }

  handshake(result: string): void {
    this.handshakes.inc({ result });
  }

  pushed(type: string, targets: { users: boolean; roles: boolean; broadcast: boolean }): void {
    const label = this.typeLabel(type);
    if (targets.broadcast) this.pushes.inc(`broadcast ${label}`, { type: label, target: 'broadcast' });
    if (targets.users) this.pushes.inc(`user ${label}`, { type: label, target: 'user' });
    if (targets.roles) this.pushes.inc(`role ${label}`, { type: label, target: 'role' });
  }

  message(outcome: 'consumed' | 'acked' | 'redelivered'): void {
    this.rmq.inc(outcome, { outcome });
  }

  deadLettered(reason: string): void {
    this.deadLetters.inc({ reason });
  }

  resumed(result: ResumeResult): void {
    this.resumes.inc({ result });
  }

  checked(complete: boolean): void {
    this.checks.inc({ result: complete ? 'complete' : 'incomplete' });
  }

  clientLimit(action: 'rate_limited' | 'flood_disconnect' | 'slow_consumer_cut'): void {
    this.clientLimits.inc({ action });
  }

  onModuleDestroy(): void {
    this.lag.disable();
  }

  /** Types come from clients and events; past a bound they share one label, so the series stay few. */
  private typeLabel(type: string): string {
    if (this.types.has(type)) return type;
    if (this.types.size >= LIMITS.metricTypeLabels) return 'other';
    this.types.add(type);
    return type;
  }

  private gauges(p: string, registers: Registry[]): void {
    const sources = this.sources;
    const lag = this.lag;
    new Gauge({ name: `${p}sockets_connected`, help: 'Sockets connected to this instance', registers, collect() {
      this.set(sources.sockets?.() ?? 0);
    } });
    new Gauge({ name: `${p}slow_socket_buffered_bytes`, help: 'Bytes queued for sockets that are behind on reading', registers, collect() {
      this.set(sources.bufferedBytes?.() ?? 0);
    } });
    new Gauge({ name: `${p}consumer_state`, help: 'The RabbitMQ consumer: 1 for its current state', labelNames: ['state'], registers, collect() {
      const current = sources.consumerState?.() ?? 'disabled';
      for (const state of CONSUMER_STATES) this.set({ state }, state === current ? 1 : 0);
    } });
    new Gauge({ name: `${p}store_state`, help: 'The inbox store: 1 for its current state', labelNames: ['state'], registers, collect() {
      const current = sources.storeState?.() ?? 'disabled';
      for (const state of STORE_STATES) this.set({ state }, state === current ? 1 : 0);
    } });
    new Gauge({ name: `${p}event_loop_lag_seconds`, help: 'Event-loop delay since the last scrape: p99', registers, collect() {
      this.set(Number.isFinite(lag.percentile(99)) ? lag.percentile(99) / 1e9 : 0);
      lag.reset();
    } });
  }
}
