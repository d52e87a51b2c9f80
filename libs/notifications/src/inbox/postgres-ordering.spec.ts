import pg from 'pg';
import type { InboxReader, NotificationStore } from './notification-store.interface.js';
import { draft } from './notification-store-fixtures.contract.js';
import { DATABASE_URL, dropSchema, eventually, openStore, uniqueSchema } from './postgres-test-db.spec-helper.js';

const retention = { maxPerFeed: 100_000, maxAgeMs: 3600_000 };

describe('PostgreSQL positions become visible in order', () => {
  let schema: string;
  const clients: pg.Client[] = [];
  const stores: NotificationStore[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    clients.push(client);
    await client.connect();
    return client;
  }

  beforeEach(() => {
    schema = uniqueSchema();
  });
  afterEach(async () => {
    try {
      await Promise.all(clients.splice(0).map((client) => client.end()));
      await Promise.all(stores.splice(0).map((store) => store.close()));
    } finally {
      await dropSchema(schema);
    }
  });

  // Why the store locks a counter row instead of using a sequence.
  it('a plain sequence lets a reader see position 2 before 1, and resume past 1', async () => {
    const [writerA, writerB, reader] = [await connect(), await connect(), await connect()];
    await reader.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".plain (position bigserial PRIMARY KEY)`);
    const insert = `INSERT INTO "${schema}".plain DEFAULT VALUES RETURNING position`;
    const readAfter = async (after: number) =>
      (await reader.query(`SELECT position FROM "${schema}".plain WHERE position > $1 ORDER BY 1`, [after])).rows.map(
        (row) => Number(row.position),
      );
    await writerA.query('BEGIN');
    expect(Number((await writerA.query(insert)).rows[0].position)).toBe(1);
    await writerB.query('BEGIN');
    expect(Number((await writerB.query(insert)).rows[0].position)).toBe(2);
    await writerB.query('COMMIT');
    expect(await readAfter(0)).toEqual([2]);
    await writerA.query('COMMIT');
    expect(await readAfter(2)).toEqual([]);
    expect(await readAfter(0)).toEqual([1, 2]);
  });

  it('an append waits for the writer holding the counter, so nothing above its position is visible first', async () => {
    const store = openStore(schema, retention);
    stores.push(store);
    await store.init();
    const [writerA, observer] = [await connect(), await connect()];
    const s = `"${schema}"`;
    await writerA.query(`BEGIN; SELECT position FROM ${s}.meta FOR UPDATE`);
    const later = store.append([draft(['broadcast'])]);
    await eventually(async () => {
      const { rows } = await observer.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
        [`%${s}.meta%`],
      );
      return rows.length > 0 || undefined;
    });
    const reader = { userId: 'r', roles: [] };
    expect(await store.readAfter(reader, 0, 10)).toEqual([]);
    const first = draft(['broadcast']);
    await writerA.query(
      `INSERT INTO ${s}.notifications (position, id, type, data, created_at) VALUES (1, $1, 'by-hand', 'null', now())`,
      [first.id],
    );
    await writerA.query(`INSERT INTO ${s}.feed_entries (feed, position) VALUES ('broadcast', 1)`);
    await writerA.query(`UPDATE ${s}.meta SET position = 1; COMMIT`);
    const [outcome] = await later;
    expect(outcome.notification.position).toBe(2);
    expect((await store.readAfter(reader, 0, 10)).map((note) => note.position)).toEqual([1, 2]);
  });

  it('concurrent writers on separate pools: every reader sees every position once, in order', async () => {
    const [batches, batchSize, repeated] = [40, 25, 5];
    const open = () => {
      const store = openStore(schema, retention);
      stores.push(store);
      return store;
    };
    const writerStores = [open(), open(), open()];
    const readerStores = [open(), open()];
    await Promise.all([...writerStores, ...readerStores].map((store) => store.init()));

    // Writer 0 sends no keys, writer 1 unique keys, writer 2 repeats the last keys of its
    // previous batch (a duplicate leaves its position unused: positions are ordered, not contiguous).
    const keyOf = (w: number, b: number, i: number) => {
      if (w === 0) return undefined;
      if (w === 2 && b > 0 && i < repeated) return `w2-${b - 1}-${batchSize - repeated + i}`;
      return `w${w}-${b}-${i}`;
    };
    let writing = true;
    const positions: number[] = [];
    const write = async (store: NotificationStore, w: number) => {
      let stored = 0;
      for (let b = 0; b < batches; b++) {
        const drafts = Array.from({ length: batchSize }, (_, i) =>
          draft(['broadcast', `user:writer${w}`], { key: keyOf(w, b, i) }),
        );
        const fresh = (await store.append(drafts)).filter((outcome) => !outcome.duplicate);
        positions.push(...fresh.map((outcome) => outcome.notification.position));
        stored += fresh.length;
      }
      return stored;
    };
    // Reads as a resuming client would: always after the last position seen; stops on
    // the first empty page once the writers are done.
    const read = async (store: NotificationStore, reader: InboxReader) => {
      const seen: number[] = [];
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const done = !writing;
        const page = await store.readAfter(reader, seen.at(-1) ?? 0, 500);
        for (const note of page) seen.push(note.position);
        if (done && !page.length) break;
      }
      return seen;
    };
    const readers = [
      read(readerStores[0], { userId: 'writer0', roles: [] }),
      read(readerStores[1], { userId: 'someone', roles: ['x'] }),
    ];
    const stored = await Promise.all(writerStores.map(write));
    writing = false;
    expect(stored).toEqual([batches * batchSize, batches * batchSize, batches * batchSize - (batches - 1) * repeated]);
    // Every stored position, once, ascending: none skipped by a reader, none seen twice.
    const expected = [...positions].sort((a, b) => a - b);
    expect(expected).toHaveLength(stored.reduce((a, b) => a + b));
    for (const seen of await Promise.all(readers)) expect(seen).toEqual(expected);
    expect(await readerStores[0].head()).toBeGreaterThanOrEqual(expected.at(-1)!);
  });
});
