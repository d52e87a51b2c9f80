import { Controller, Get, Header, Injectable, UseGuards, type Type } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { NotificationsMetrics } from './notifications-metrics.js';

/** `GET <path>`: the module's metrics in the Prometheus text format (behind `metrics.token` when set). */
@Injectable() // a decorator, so TypeScript records the constructor's parameter types for DI
@UseGuards(MetricsTokenGuard)
export class NotificationsMetricsController {
  constructor(private readonly metrics: NotificationsMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

export function notificationsMetricsController(path: string): Type<NotificationsMetricsController> {
  class ConfiguredMetricsController extends NotificationsMetricsController {}
  Controller(path)(ConfiguredMetricsController);
  return ConfiguredMetricsController;
}
