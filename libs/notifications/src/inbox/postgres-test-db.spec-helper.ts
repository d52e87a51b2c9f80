import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreFactory } from './notification-store.contract.js';
import type { RetentionPolicy } from './notification-store.interface.js';
import { PostgresNotificationStore } from './postgres-notification.store.js';

/** The test database: the local PostgreSQL unless DATABASE_URL says otherwise. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test run uses. */
export function uniqueSchema(): string {
  return `inbox_test_${randomBytes(6).toString('hex')}`;
}

/** Runs `work` on a fresh client of its own, always closed afterwards. */
export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

export function openStore(schema: string, retention: RetentionPolicy, pool?: pg.Pool): PostgresNotificationStore {
  return new PostgresNotificationStore({ connectionString: DATABASE_URL, pool, schema, retention });
}

/** A store on a schema of its own; cleanup closes it and drops the schema. */
export const makePostgresStore: StoreFactory = async (retention) => {
  const schema = uniqueSchema();
  const store = openStore(schema, retention);
  try {
    await store.init();
  } catch (error) {
    await store.close();
    await dropSchema(schema);
    throw error;
  }
  return {
    store,
    cleanup: async () => {
      try {
        await store.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
};

/** Polls `probe` until it returns a value other than undefined, for at most ~10 s. */
export async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached in time');
}
