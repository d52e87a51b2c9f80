import pg from 'pg';
import { describeNotificationStoreContract } from './notification-store.contract.js';
import { alice, draft } from './notification-store-fixtures.contract.js';
import { MIGRATIONS } from './postgres-migrations.js';
import { PostgresNotificationStore } from './postgres-notification.store.js';
import {
  DATABASE_URL,
  dropSchema,
  makePostgresStore,
  openStore,
  uniqueSchema,
  withClient,
} from './postgres-test-db.spec-helper.js';

const retention = { maxPerFeed: 100, maxAgeMs: 3600_000 };

describeNotificationStoreContract('PostgresNotificationStore', makePostgresStore);

describe('PostgresNotificationStore', () => {
  let schema: string;
  const opened: PostgresNotificationStore[] = [];
  const open = (pool?: pg.Pool) => {
    const store = openStore(schema, retention, pool);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    schema = uniqueSchema();
  });
  afterEach(async () => {
    try {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    } finally {
      await dropSchema(schema);
    }
  });

  it('migrates a fresh schema once when two instances start at once; a third init changes nothing', async () => {
    const [first, second] = [open(), open()];
    await Promise.all([first.init(), second.init()]);
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    const versions = async () =>
      withClient(async (client) => {
        const { rows } = await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        return rows.map((row) => row.version);
      });
    expect(await versions()).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect((await versions()).at(-1)).toBe(latest);
    const tables = await withClient(async (client) => {
      const sql = 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1';
      const { rows } = await client.query(sql, [schema]);
      return rows.map((row) => row.table_name);
    });
    const expected = ['feed_entries', 'feeds', 'meta', 'notifications', 'read_marks', 'reads', 'schema_migrations'];
    expect(tables).toEqual(expected);
    await first.append([draft(['user:alice'])]);
    const third = open();
    await third.init();
    expect(await versions()).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await third.head()).toBe(1);
    expect(third.epoch).toBe(first.epoch);
    expect(second.epoch).toBe(first.epoch);
  });

  it('stores a key once when instances append it at the same moment', async () => {
    const racers = [open(), open(), open()];
    await Promise.all(racers.map((store) => store.init()));
    for (let round = 1; round <= 20; round++) {
      const key = `race-${round}`;
      const outcomes = await Promise.all(racers.map((store) => store.append([draft(['user:alice'], { key })])));
      const fresh = outcomes.filter(([outcome]) => !outcome.duplicate);
      expect(fresh).toHaveLength(1);
      for (const [outcome] of outcomes) expect(outcome.notification).toEqual(fresh[0][0].notification);
    }
    // A racer that lost took a position before it found the key stored: positions are
    // ordered, not contiguous; the inbox holds the 20 once each.
    const inbox = await racers[0].readAfter({ userId: 'alice', roles: [] }, 0, 100);
    expect(inbox.map((note) => note.type)).toHaveLength(20);
    expect(new Set(inbox.map((note) => note.id)).size).toBe(20);
  });

  it('answers a draft without a key appended again (its answer was lost) by its id: stored once, not a duplicate', async () => {
    const store = open();
    await store.init();
    const once = draft(['user:alice']);
    const [first] = await store.append([once]);
    const [again, other] = await store.append([once, draft(['user:alice'])]);
    expect(again).toEqual({ duplicate: false, notification: first.notification });
    expect(other.duplicate).toBe(false);
    expect((await store.readAfter(alice, 0, 10)).map((note) => note.id)).toEqual([once.id, other.notification.id]);
  });

  it('sweeps by count beside a writer holding the counter, and says how many entries it removed', async () => {
    const store = openStore(schema, { maxPerFeed: 2, maxAgeMs: 3600_000 });
    opened.push(store);
    await store.init();
    await store.append([...[1, 2, 3, 4, 5].map(() => draft(['user:alice'])), draft(['user:bob'])]);
    await withClient(async (writer) => {
      await writer.query(`BEGIN; SELECT position FROM "${schema}".meta FOR UPDATE`);
      expect(await store.sweep()).toBe(3);
      await writer.query('ROLLBACK');
    });
    expect(await store.sweep()).toBe(0);
    const sql = `SELECT count(*)::int AS n FROM "${schema}".notifications`;
    const { rows } = await withClient((client) => client.query(sql));
    expect(rows[0].n).toBe(3);
  });

  it('keeps its epoch across instances on one schema and gives another schema its own', async () => {
    const first = open();
    await first.init();
    const epoch = first.epoch;
    await first.close();
    const reopened = open();
    await reopened.init();
    expect(reopened.epoch).toBe(epoch);
    const otherSchema = uniqueSchema();
    const elsewhere = openStore(otherSchema, retention);
    try {
      await elsewhere.init();
      expect(elsewhere.epoch).not.toBe(epoch);
    } finally {
      await elsewhere.close();
      await dropSchema(otherSchema);
    }
  });

  it('refuses a schema name that is not a plain identifier', () => {
    for (const bad of ['a-b', '1abc', 'x"; DROP TABLE y; --', '', 'a'.repeat(64)]) {
      expect(() => openStore(bad, retention)).toThrow(/Invalid PostgreSQL schema name/);
    }
    expect(() => openStore('Inbox_2', retention)).not.toThrow();
  });

  it('leaves the host’s pool open on close()', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    try {
      const store = open(pool);
      await store.init();
      await store.append([draft(['user:alice'])]);
      await store.close();
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".notifications`);
      expect(rows[0].n).toBe(1);
      expect(pool.listenerCount('error')).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('rolls back a failed append, releases its connection and passes the error through unchanged', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const store = open(pool);
      await store.init();
      await store.append([draft(['user:alice'])]);
      const broken = draft(['user:alice'], { createdAt: 'not a time' });
      const failure = store.append([draft(['user:alice']), broken]);
      await expect(failure).rejects.toMatchObject({ code: '22007' });
      await expect(failure).rejects.toBeInstanceOf(pg.DatabaseError);
      expect(pool.totalCount - pool.idleCount).toBe(0);
      expect(await store.head()).toBe(1);
      const [ok] = await store.append([draft(['user:alice'])]);
      expect(ok.notification.position).toBe(2);
      expect((await store.readAfter(alice, 0, 10)).map((note) => note.position)).toEqual([1, 2]);
    } finally {
      await pool.end();
    }
  });
});
