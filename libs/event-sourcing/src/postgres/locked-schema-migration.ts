// Runs idempotent DDL statements in one transaction under a transaction-scoped advisory lock, so
// several processes starting at once apply a small schema safely (key store, snapshots, ledger).
import type { Pool } from 'pg';

/** `lockKey` is an SQL expression for the advisory lock id, e.g. "hashtext('crm.x.migration')". */
export async function runLockedSchemaMigration(
  pool: Pool,
  lockKey: string,
  statements: readonly string[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0'); // as migrations.ts: no request cap
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey})`);
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
