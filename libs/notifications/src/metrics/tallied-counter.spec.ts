import { Registry } from 'prom-client';
import { TalliedCounter } from './tallied-counter.js';

const valueOf = async (registry: Registry, labels: Record<string, string>): Promise<number | undefined> => {
  const [metric] = await registry.getMetricsAsJSON();
  return metric?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
};

describe('TalliedCounter', () => {
  it('hands its tallies to the Prometheus counter at each scrape, keeping the running total', async () => {
    const registry = new Registry();
    const counter = new TalliedCounter({ name: 'x_total', help: 'x', labelNames: ['kind'], registers: [registry] });
    counter.inc('a', { kind: 'a' });
    counter.inc('a', { kind: 'a' });
    counter.inc('b', { kind: 'b' });
    expect(await valueOf(registry, { kind: 'a' })).toBe(2);
    expect(await valueOf(registry, { kind: 'b' })).toBe(1);
    counter.inc('a', { kind: 'a' });
    // A second scrape adds only what came since the first.
    expect(await valueOf(registry, { kind: 'a' })).toBe(3);
    expect(await valueOf(registry, { kind: 'b' })).toBe(1);
    expect(await registry.metrics()).toContain('x_total{kind="a"} 3');
  });
});
