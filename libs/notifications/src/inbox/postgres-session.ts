import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { storeError } from './postgres-errors.js';

/** One statement on any pooled connection. */
export async function query<R extends QueryResultRow>(pool: Pool, text: string, values?: unknown[]): Promise<R[]> {
  try {
    return (await pool.query<R>(text, values)).rows;
  } catch (error) {
    throw storeError(error);
  }
}

/**
 * Runs `work` in a transaction on one connection. On failure it rolls back and always
 * releases the connection; a connection that broke is destroyed instead of pooled.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storeError(error);
  }
  let broken: Error | undefined;
  // A checked-out client that loses its socket emits 'error' besides failing the query;
  // unheard, that event would crash the process.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken ??= await rollback(client);
    throw storeError(error);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
