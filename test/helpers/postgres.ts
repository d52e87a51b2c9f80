import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test run uses. */
export const uniqueSchema = (label: string): string => `test_${label}_${randomBytes(4).toString('hex')}`;

/** The demo's env for a PostgreSQL inbox in its own schema. */
export const postgresInbox = (label: string): Record<string, string> => ({ DATABASE_URL, DATABASE_SCHEMA: uniqueSchema(label) });

export async function dropSchema(schema: string | undefined): Promise<void> {
  if (!schema) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
