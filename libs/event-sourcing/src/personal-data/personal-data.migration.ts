// Idempotent schema for the key store. One row per data subject; after erasure the row is the
// tombstone: key material and master key id are NULL, `erased_at` says when. Text keys use the
// "C" collation so the rotation walk orders rows exactly like the in-memory adapter does.
// The table lives in its own schema so operators can grant it to the services that need keys
// (and exclude it from exports) without touching the event store's schema.
// Safe to run from several processes at once (serialised by a transaction-scoped advisory lock).
import type { Pool } from 'pg';
import { runLockedSchemaMigration } from '../postgres/locked-schema-migration';

export const PERSONAL_DATA_SCHEMA = 'personal_data';
export const PERSONAL_DATA_KEYS_TABLE = `${PERSONAL_DATA_SCHEMA}.data_keys`;

const MIGRATION_LOCK = "hashtext('crm.personal-data.migration')";

const STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS ${PERSONAL_DATA_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${PERSONAL_DATA_KEYS_TABLE} (
     tenant_id     text COLLATE "C" NOT NULL,
     subject_id    text COLLATE "C" NOT NULL,
     kid           text,
     wrapped_key   bytea,
     master_key_id text,
     created_at    timestamptz,
     erased_at     timestamptz,
     PRIMARY KEY (tenant_id, subject_id),
     CONSTRAINT data_keys_active_or_tombstone CHECK (
       (erased_at IS NULL AND kid IS NOT NULL AND wrapped_key IS NOT NULL
          AND master_key_id IS NOT NULL AND created_at IS NOT NULL)
       OR (erased_at IS NOT NULL AND wrapped_key IS NULL AND master_key_id IS NULL)
     )
   )`,
  // Rotation looks for keys still wrapped by an old master key.
  `CREATE INDEX IF NOT EXISTS data_keys_master_key_idx
     ON ${PERSONAL_DATA_KEYS_TABLE} (master_key_id, tenant_id, subject_id) WHERE erased_at IS NULL`,
  `COMMENT ON TABLE ${PERSONAL_DATA_KEYS_TABLE} IS
     'Per-data-subject keys wrapped by a master key; erased rows are crypto-shredding tombstones'`,
];

export async function migratePersonalDataSchema(pool: Pool): Promise<void> {
  await runLockedSchemaMigration(pool, MIGRATION_LOCK, STATEMENTS);
}
