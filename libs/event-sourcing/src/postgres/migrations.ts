// Schema migrations owned by the event store: numbered SQL files in ./migrations, applied in order
// at start-up inside one transaction under an advisory lock, so two processes starting at once
// neither race nor apply a file twice. Applied files are recorded in event_store.migrations.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';

/** Arbitrary constant: the advisory lock that serialises migration runs of the event store. */
const MIGRATION_LOCK_KEY = '7310413229210745000';

export interface Migration {
  /** e.g. `0001-create-event-store` */
  readonly name: string;
  readonly sql: string;
}

export const EVENT_STORE_MIGRATIONS_DIR = join(__dirname, 'migrations');

/** Reads `NNNN-name.sql` files in numeric order. Apps that bundle code must ship this folder. */
export function loadMigrations(dir = EVENT_STORE_MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

export interface MigrationRun {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

export async function migrateEventStore(
  pool: Pool,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationRun> {
  const client: PoolClient = await pool.connect();
  let broken: unknown;
  const onError = (error: unknown): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    // A request pool caps statements (session-bounds.ts); a migration may wait for another
    // process's run and rebuild large indexes, so it lifts the cap for its own transaction.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE SCHEMA IF NOT EXISTS event_store');
    await client.query(`CREATE TABLE IF NOT EXISTS event_store.migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM event_store.migrations',
    );
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const migration of migrations) {
      const checksum = createHash('sha256').update(migration.sql).digest('hex');
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        // An applied migration must never be edited: that would make databases diverge silently.
        if (previous !== checksum)
          throw new Error(`Migration ${migration.name} was changed after it was applied`);
        alreadyApplied.push(migration.name);
        continue;
      }
      await client.query(migration.sql);
      await client.query('INSERT INTO event_store.migrations (name, checksum) VALUES ($1, $2)', [
        migration.name,
        checksum,
      ]);
      applied.push(migration.name);
    }
    await client.query('COMMIT');
    return { applied, alreadyApplied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken === undefined ? undefined : true);
  }
}
