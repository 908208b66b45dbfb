// PostgreSQL adapter of the erasure ledger. It must live in a database that backups of the event
// store do not roll back: its own database (locally `crm_erasure_ledger` in the same cluster;
// in production a database on another server, backed up by replication or its own schedule).
// Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so no code path can forget an
// erasure. `ensureDatabase` creates the database on first use (the app role has CREATEDB locally).
import { Client, Pool } from 'pg';
import type { ErasureLedger, ErasureLedgerEntry, RecordedErasure } from './erasure-ledger';
import { runLockedSchemaMigration } from '../postgres/locked-schema-migration';

export const ERASURE_LEDGER_TABLE = 'erasure_ledger.erasures';

const MIGRATION_LOCK = "hashtext('crm.erasure-ledger.migration')";

const STATEMENTS = [
  'CREATE SCHEMA IF NOT EXISTS erasure_ledger',
  `CREATE TABLE IF NOT EXISTS ${ERASURE_LEDGER_TABLE} (
     sequence    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     tenant_id   text COLLATE "C" NOT NULL,
     subject_id  text COLLATE "C" NOT NULL,
     erased_at   timestamptz NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE OR REPLACE FUNCTION erasure_ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'the erasure ledger is append-only (% refused)', TG_OP;
   END $$`,
  `DROP TRIGGER IF EXISTS erasures_append_only ON ${ERASURE_LEDGER_TABLE}`,
  `CREATE TRIGGER erasures_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
     ON ${ERASURE_LEDGER_TABLE} FOR EACH STATEMENT EXECUTE FUNCTION erasure_ledger.refuse_change()`,
  `COMMENT ON TABLE ${ERASURE_LEDGER_TABLE} IS
     'Every crypto-shredding erasure, append-only; replayed by restore onto restored key tables'`,
];

/**
 * The local default: a database `<store database>_erasure_ledger` beside the store's, in the same
 * cluster (production points CRM_ERASURE_LEDGER_URL at another server). '' for a malformed URL.
 */
const LEDGER_SUFFIX = '_erasure_ledger';

export function defaultErasureLedgerUrl(postgresUrl: string): string {
  try {
    const url = new URL(postgresUrl);
    const store = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'crm';
    // PostgreSQL names are at most 63 bytes; a longer name would be silently cut on CREATE.
    url.pathname = `${store.slice(0, 63 - LEDGER_SUFFIX.length)}${LEDGER_SUFFIX}`;
    return url.toString();
  } catch {
    return '';
  }
}

/** Creates the ledger's database when it does not exist yet (needs CREATEDB). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: unknown) => {
        // Another process created it at the same moment: fine.
        if ((e as { code?: string }).code !== '42P04') throw e;
      });
    }
  } finally {
    await client.end();
  }
}

export async function migrateErasureLedger(pool: Pool): Promise<void> {
  await runLockedSchemaMigration(pool, MIGRATION_LOCK, STATEMENTS);
}

interface LedgerRow {
  sequence: string;
  tenant_id: string;
  subject_id: string;
  erased_at: Date;
}

export class PostgresErasureLedger implements ErasureLedger {
  private prepared: Promise<void> | undefined;

  /**
   * `url` names the ledger's own database, never the event store's. The database and table are
   * created on first use, so services that never erase never create them.
   */
  constructor(
    private readonly url: string,
    private readonly pool: Pool = new Pool({ connectionString: url, max: 4 }),
  ) {}

  async record(entry: ErasureLedgerEntry): Promise<void> {
    await this.prepare();
    await this.pool.query(
      `INSERT INTO ${ERASURE_LEDGER_TABLE} (tenant_id, subject_id, erased_at) VALUES ($1, $2, $3)`,
      [entry.tenantId, entry.subjectId, entry.erasedAt],
    );
  }

  async readAfter(afterSequence: number, limit: number): Promise<RecordedErasure[]> {
    await this.prepare();
    const { rows } = await this.pool.query<LedgerRow>(
      `SELECT sequence::text AS sequence, tenant_id, subject_id, erased_at FROM ${ERASURE_LEDGER_TABLE}
       WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
      [afterSequence, limit],
    );
    return rows.map((r) => ({
      sequence: Number(r.sequence),
      tenantId: r.tenant_id,
      subjectId: r.subject_id,
      erasedAt: r.erased_at,
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await ensureDatabase(this.url);
      await migrateErasureLedger(this.pool);
    })().catch((error: unknown) => {
      this.prepared = undefined; // retry on the next call
      throw error;
    });
    return this.prepared;
  }
}
