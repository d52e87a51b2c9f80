import { getJson, postJson } from '../helpers/http.js';
import type { TestApp } from '../helpers/test-app.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * What other people do while a page is closed, through the demo's real HTTP API
 * (the same calls the user page makes): place an order, follow someone.
 */
export async function placeOrder(t: TestApp, userId: string, total: number): Promise<string> {
  const { status, body } = await postJson(`${t.url}/orders`, { total }, t.tokens.user(userId));
  if (status !== 201) throw new Error(`POST /orders answered ${status}: ${JSON.stringify(body)}`);
  return body.orderId;
}

export async function follow(t: TestApp, followerId: string, followeeId: string): Promise<void> {
  const { status, body } = await postJson(`${t.url}/follows`, { followeeId }, t.tokens.user(followerId));
  if (status !== 202) throw new Error(`POST /follows answered ${status}: ${JSON.stringify(body)}`);
}

/**
 * Waits until `userId`'s inbox (REST, as that user) holds `count` notifications of `type`:
 * the events went through RabbitMQ and were stored, so a page opened now finds them in its list.
 */
export async function waitForInbox(t: TestApp, userId: string, roles: string[], type: string, count: number): Promise<void> {
  const token = t.tokens.sign({ sub: userId, roles });
  await waitUntil(
    async () => (await getJson(`${t.url}/notifications/inbox?limit=100`, token)).body.items.filter((n: { type: string }) => n.type === type).length >= count,
    `${userId}'s inbox holds ${count} ${type}`,
  );
}
