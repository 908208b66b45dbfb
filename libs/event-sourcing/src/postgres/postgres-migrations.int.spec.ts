// Migrations: applied once, in order, even when several processes start at the same moment.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import { loadMigrations, migrateEventStore } from './migrations';

describe('event store migrations (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let pools: Pool[] = [];

  beforeEach(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_migrations' });
    pools = [];
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await database.drop();
  });

  const pool = (): Pool => {
    const p = new Pool({ connectionString: database.url, max: 2 });
    pools.push(p);
    return p;
  };

  it('applies every file exactly once when four processes start at once', async () => {
    const runs = await Promise.all(
      [pool(), pool(), pool(), pool()].map((p) => migrateEventStore(p)),
    );
    const names = loadMigrations().map((m) => m.name);
    expect(runs.filter((r) => r.applied.length > 0)).toHaveLength(1);
    expect(runs.flatMap((r) => r.applied)).toEqual(names);
    const { rows } = await pool().query('SELECT name FROM event_store.migrations ORDER BY name');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(names);
    await expect(migrateEventStore(pool())).resolves.toEqual({
      applied: [],
      alreadyApplied: names,
    });
  });

  it('refuses to run when an applied migration was edited', async () => {
    await migrateEventStore(pool());
    const edited = loadMigrations().map((m, i) =>
      i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m,
    );
    await expect(migrateEventStore(pool(), edited)).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it('numbers its files so they apply in order', () => {
    const names = loadMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    names.forEach((name, i) => expect(name.startsWith(String(i + 1).padStart(4, '0'))).toBe(true));
  });
});
