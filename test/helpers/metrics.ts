import { randomBytes } from 'node:crypto';

/**
 * The demo serves /metrics only behind METRICS_TOKEN: test apps and processes get this one
 * (startTestApp, runMain), and `scrape` sends it.
 */
export const TEST_METRICS_TOKEN = randomBytes(24).toString('hex');

/** One sample from Prometheus text, 0 when the series does not exist yet. */
export function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** GET <baseUrl>/metrics with the tests' token: fails unless it answers 200 in the Prometheus text format. */
export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!/^text\/plain; version=0\.0\.4/.test(type)) throw new Error(`GET /metrics: content-type ${type}`);
  return response.text();
}
