import type { Pool } from 'pg';
import { NotificationsConfigError } from '../notifications.errors.js';
import { inTransaction } from './postgres-session.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

/** Checks a configured schema name and returns it quoted for SQL. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new NotificationsConfigError(
      `Invalid PostgreSQL schema name "${schema}": use letters, digits and _ (not first), at most 63 characters`,
    );
  }
  return `"${schema}"`;
}

interface Migration {
  version: number;
  description: string;
  /** The statements, given the quoted schema. */
  sql(s: string): string;
}

/** Applied in order, each once; append new versions, never edit applied ones. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'inbox: counter, notifications, feed entries, trimmed feeds, read state',
    sql: (s) => `
      CREATE TABLE ${s}.meta (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        epoch text NOT NULL,
        position bigint NOT NULL
      );
      INSERT INTO ${s}.meta (epoch, position) VALUES (substr(md5(gen_random_uuid()::text), 1, 16), 0);
      CREATE TABLE ${s}.notifications (
        position bigint PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        data jsonb,
        created_at timestamptz NOT NULL,
        key text UNIQUE
      );
      CREATE INDEX notifications_created_at ON ${s}.notifications (created_at);
      -- No foreign key to notifications: the store writes both in one statement and
      -- removes notifications only once no entry is left, and the per-row check cost
      -- a fifth of the batch insert.
      CREATE TABLE ${s}.feed_entries (
        feed text NOT NULL,
        position bigint NOT NULL,
        PRIMARY KEY (feed, position)
      );
      CREATE INDEX feed_entries_position ON ${s}.feed_entries (position);
      CREATE TABLE ${s}.feeds (
        feed text PRIMARY KEY,
        trimmed_upto bigint NOT NULL
      );
      CREATE TABLE ${s}.read_marks (
        user_id text PRIMARY KEY,
        read_upto bigint NOT NULL
      );
      CREATE TABLE ${s}.reads (
        user_id text NOT NULL,
        position bigint NOT NULL REFERENCES ${s}.notifications ON DELETE CASCADE,
        PRIMARY KEY (user_id, position)
      );
      CREATE INDEX reads_position ON ${s}.reads (position);
    `,
  },
];

/**
 * Brings the schema to the newest version. Instances starting at once queue on an
 * advisory lock held for the transaction, so each version is applied exactly once.
 * @returns the version the schema is at
 */
export async function migrate(pool: Pool, schema: string): Promise<number> {
  const s = quoteSchema(schema);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notifications-inbox:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>(
      `SELECT coalesce(max(version), 0) AS version FROM ${s}.schema_migrations`,
    );
    let version = rows[0].version;
    for (const migration of MIGRATIONS.filter((m) => m.version > version)) {
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.schema_migrations (version, description) VALUES ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
      version = migration.version;
    }
    return version;
  });
}
