// Smoke test: the local PostgreSQL is a real server (transactions, constraints, rollback).
import { Client } from 'pg';
import {
  createThrowawayPostgresDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';

describe('PostgreSQL (infra/local/crm-infra)', () => {
  let db: ThrowawayDatabase;
  let client: Client;

  beforeAll(async () => {
    await testInfrastructure({ require: ['postgres'] });
    db = await createThrowawayPostgresDatabase({ prefix: 'smoke' });
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE customers (id text PRIMARY KEY, email text NOT NULL UNIQUE)`);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('is a PostgreSQL 13+ server reached over TCP with the crm role', async () => {
    const { rows } = await client.query<{ v: number; usr: string; db: string }>(
      `SELECT current_setting('server_version_num')::int AS v, current_user AS usr, current_database() AS db`,
    );
    expect(rows[0]?.v).toBeGreaterThanOrEqual(130000);
    expect(rows[0]?.usr).toBe('crm');
    expect(rows[0]?.db).toBe(db.name);
  });

  it('rolls back a transaction that hit a unique-constraint violation', async () => {
    await client.query(`INSERT INTO customers VALUES ('c0', 'zero@example.com')`);

    await client.query('BEGIN');
    await client.query(`INSERT INTO customers VALUES ('c1', 'one@example.com')`);
    const violation = await client
      .query(`INSERT INTO customers VALUES ('c2', 'zero@example.com')`)
      .then(
        () => undefined,
        (e: { code?: string; constraint?: string }) => e,
      );
    expect(violation).toMatchObject({ code: '23505', constraint: 'customers_email_key' });
    // The transaction is now aborted: even a valid statement is refused until ROLLBACK.
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');

    const { rows } = await client.query<{ id: string }>('SELECT id FROM customers ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['c0']); // c1 was rolled back with the failed insert
  });

  it('commits a transaction and exposes xid8 snapshots (used for gap-free global reads)', async () => {
    await client.query('BEGIN');
    await client.query(`INSERT INTO customers VALUES ('c3', 'three@example.com')`);
    const { rows } = await client.query<{ xmin: string; xid: string }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_current_xact_id()::text AS xid`,
    );
    await client.query('COMMIT');
    expect(BigInt(rows[0]!.xmin)).toBeLessThanOrEqual(BigInt(rows[0]!.xid));
    const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM customers');
    expect(count.rows[0]?.n).toBe('2');
  });

  it('also serves the shared crm and crm_test databases', async () => {
    const infra = await testInfrastructure({ require: ['postgres'] });
    const admin = new Client({ connectionString: infra.postgresUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname IN ('crm', 'crm_test') ORDER BY datname`,
      );
      expect(rows.map((r) => r.datname)).toEqual(['crm', 'crm_test']);
    } finally {
      await admin.end();
    }
  });
});
