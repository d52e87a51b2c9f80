import pg from 'pg';
import { StoreUnavailableError } from '../notifications.errors.js';
import { alice, draft } from './notification-store-fixtures.contract.js';
import { DATABASE_URL, dropSchema, eventually, uniqueSchema, withClient } from './postgres-test-db.spec-helper.js';
import { PostgresNotificationStore } from './postgres-notification.store.js';
import { TcpProxy } from './tcp-proxy.spec-helper.js';

const retention = { maxPerFeed: 100, maxAgeMs: 3600_000 };
const target = new URL(DATABASE_URL);

describe('PostgresNotificationStore when PostgreSQL is unavailable', () => {
  let schema: string;
  let proxy: TcpProxy;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeEach(() => {
    schema = uniqueSchema();
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  });
  afterEach(async () => {
    try {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    } finally {
      await proxy.stop();
      await dropSchema(schema);
    }
  });

  function proxiedStore(pool?: pg.Pool): PostgresNotificationStore {
    const url = new URL(DATABASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    const store = new PostgresNotificationStore({ connectionString: url.href, pool, schema, retention });
    cleanups.push(() => store.close());
    return store;
  }

  it('rejects with StoreUnavailableError while nothing listens, and recovers when the database is back', async () => {
    await proxy.start();
    await proxy.stop();
    const store = proxiedStore();
    await expect(store.init()).rejects.toBeInstanceOf(StoreUnavailableError);
    await proxy.start();
    await store.init();
    await store.append([draft(['user:alice'])]);
    await proxy.stop();
    const down = store.append([draft(['user:alice'])]);
    await expect(down).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(down).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAfter(alice, 0, 10)).rejects.toBeInstanceOf(StoreUnavailableError);
    await proxy.start();
    await store.ping();
    const [back] = await store.append([draft(['user:alice'])]);
    expect(back.notification.position).toBe(2);
    expect(await store.head()).toBe(2);
  });

  it.each([
    ['without keys (one statement)', undefined],
    ['with keys (a transaction)', 'key-1'],
  ])('fails an append %s whose connection is terminated, leaks no client, and goes on', async (_, key) => {
    const applicationName = `inbox-test-${schema}`;
    const pool = new pg.Pool({ connectionString: DATABASE_URL, application_name: applicationName });
    const store = new PostgresNotificationStore({ pool, schema, retention });
    cleanups.push(() => pool.end(), () => store.close());
    await store.init();
    await withClient(async (holder) => {
      await holder.query('BEGIN');
      await holder.query(`SELECT position FROM "${schema}".meta FOR UPDATE`);
      const blocked = store.append([draft(['user:alice'], { key })]);
      const pid = await eventually(async () => {
        const { rows } = await holder.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [applicationName],
        );
        return rows[0]?.pid as number | undefined;
      });
      await holder.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(blocked).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(blocked).rejects.toMatchObject({ cause: expect.objectContaining({ code: '57P01' }) });
      await holder.query('ROLLBACK');
    });
    expect(pool.totalCount - pool.idleCount).toBe(0);
    const [stored] = await store.append([draft(['user:alice'], { key })]);
    expect(stored).toMatchObject({ duplicate: false, notification: { position: 1 } });
  });

  it('survives idle connections being terminated: the pool drops them and the next query reconnects', async () => {
    const applicationName = `inbox-idle-${schema}`;
    const pool = new pg.Pool({ connectionString: DATABASE_URL, application_name: applicationName });
    const store = new PostgresNotificationStore({ pool, schema, retention });
    cleanups.push(() => pool.end(), () => store.close());
    await store.init();
    await Promise.all([store.ping(), store.ping(), store.head()]);
    expect(pool.idleCount).toBeGreaterThan(0);
    await withClient((admin) =>
      admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ]),
    );
    await eventually(async () => (pool.totalCount === 0 ? true : undefined));
    await store.ping();
    expect(await store.head()).toBe(0);
  });
});
