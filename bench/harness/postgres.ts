// Bench-only PostgreSQL databases. Every scenario works in databases named crm_bench_*, dropped and
// created fresh, so the figures never depend on (or disturb) what tests left in `crm`/`crm_test`.
import { Client, Pool } from 'pg';
import { withDatabase } from './connections';

const BENCH_PREFIX = 'crm_bench_';

export function assertBenchDatabase(name: string): void {
  if (!name.startsWith(BENCH_PREFIX) || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(
      `refusing to touch database ${name}: bench databases are named ${BENCH_PREFIX}<lower_snake>`,
    );
  }
}

async function withAdmin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops (disconnecting any leftover session) and creates an empty bench database; returns its URL. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return withDatabase(serverUrl, name);
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  assertBenchDatabase(name);
  return withAdmin(serverUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
}

// Not `DROP DATABASE … WITH (FORCE)`: for a non-superuser it fails when an autovacuum worker is
// busy in the database (PostgreSQL cannot let us signal it). A plain DROP cancels autovacuum by
// itself; we only end our own leftover sessions (a crashed earlier run) and retry briefly.
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertBenchDatabase(name);
  await withAdmin(serverUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`,
        [name],
      );
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (error) {
        // 55006 object_in_use: a session was still closing; give it a moment.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
}

/** A pool sized for the writers of a scenario (the default 10 would queue 16 writers). */
export function benchPool(url: string, max: number): Pool {
  return new Pool({ connectionString: url, max, application_name: 'crm-bench' });
}

/** Drops a scenario's working databases when it is done (seeded databases are kept for reuse). */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  for (const name of names) await dropDatabase(serverUrl, name);
}
