// The Customers service's own PostgreSQL tables (schema `customers`), next to the event store:
// the identity lookup index for duplicate detection and the import runs with their reports.
// Every statement is idempotent; an advisory lock keeps concurrent boots from racing.
import type { Pool } from 'pg';

const LOCK_ID = 0x63757374; // 'cust'

const STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS customers`,
  // One row per identifier source of a customer (a contact, the national id, a channel external id).
  // Rows are last-writer-wins by global position and deletions are tombstones, so the command path
  // and the catch-up worker may apply the same events in any order and still converge.
  `CREATE TABLE IF NOT EXISTS customers.identity_index (
     tenant_id   text    NOT NULL,
     customer_id text    NOT NULL,
     source_id   text    NOT NULL,
     kind        text    NOT NULL,
     value_hash  bytea   NOT NULL,
     position    bigint  NOT NULL,
     deleted     boolean NOT NULL DEFAULT false,
     PRIMARY KEY (tenant_id, customer_id, source_id)
   )`,
  `CREATE INDEX IF NOT EXISTS identity_index_lookup ON customers.identity_index (tenant_id, kind, value_hash) WHERE NOT deleted`,
  // Customers that were merged away or erased: no identity of theirs may (re)appear.
  `CREATE TABLE IF NOT EXISTS customers.identity_closed (
     tenant_id   text   NOT NULL,
     customer_id text   NOT NULL,
     position    bigint NOT NULL,
     PRIMARY KEY (tenant_id, customer_id)
   )`,
  `CREATE TABLE IF NOT EXISTS customers.checkpoints (
     name     text PRIMARY KEY,
     position bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS customers.imports (
     tenant_id     text        NOT NULL,
     import_id     text        NOT NULL,
     state         text        NOT NULL,
     file_name     text        NOT NULL DEFAULT '',
     rows_read     integer     NOT NULL DEFAULT 0,
     rows_created  integer     NOT NULL DEFAULT 0,
     rows_linked   integer     NOT NULL DEFAULT 0,
     rows_skipped  integer     NOT NULL DEFAULT 0,
     rows_rejected integer     NOT NULL DEFAULT 0,
     error         jsonb,
     started_at    timestamptz NOT NULL,
     finished_at   timestamptz,
     PRIMARY KEY (tenant_id, import_id)
   )`,
  `CREATE TABLE IF NOT EXISTS customers.import_rejections (
     tenant_id   text    NOT NULL,
     import_id   text    NOT NULL,
     row_number  integer NOT NULL,
     external_id text    NOT NULL DEFAULT '',
     reasons     jsonb   NOT NULL,
     PRIMARY KEY (tenant_id, import_id, row_number)
   )`,
  // Background imports (docs/adr/0075): who started the run (status answers only to them and
  // admins), what to resume with, and the row up to which every row is applied and counted.
  `ALTER TABLE customers.imports ADD COLUMN IF NOT EXISTS importer_user_id text NOT NULL DEFAULT ''`,
  `ALTER TABLE customers.imports ADD COLUMN IF NOT EXISTS request jsonb`,
  `ALTER TABLE customers.imports ADD COLUMN IF NOT EXISTS checkpoint_row integer NOT NULL DEFAULT 0`,
  // The uploaded CSV, staged in chunks as it streams in; deleted when the run ends.
  `CREATE TABLE IF NOT EXISTS customers.import_staging (
     tenant_id text    NOT NULL,
     import_id text    NOT NULL,
     chunk_no  integer NOT NULL,
     bytes     bytea   NOT NULL,
     PRIMARY KEY (tenant_id, import_id, chunk_no)
   )`,
];

export async function migrateCustomersSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    try {
      for (const statement of STATEMENTS) await client.query(statement);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]);
    }
  } finally {
    client.release();
  }
}
