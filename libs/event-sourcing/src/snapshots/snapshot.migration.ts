// Idempotent schema of the snapshot store: one row per (stream, state-schema version). Snapshots
// are a cache: dropping the table loses nothing but load time.
import type { Pool } from 'pg';
import { runLockedSchemaMigration } from '../postgres/locked-schema-migration';

export const SNAPSHOTS_SCHEMA = 'snapshots';
export const SNAPSHOTS_TABLE = `${SNAPSHOTS_SCHEMA}.aggregate_snapshots`;

const MIGRATION_LOCK = "hashtext('crm.snapshots.migration')";

const STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS ${SNAPSHOTS_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${SNAPSHOTS_TABLE} (
     stream_id            text COLLATE "C" NOT NULL,
     state_schema_version text NOT NULL,
     tenant_id            text NOT NULL,
     stream_version       bigint NOT NULL CHECK (stream_version > 0),
     state                jsonb NOT NULL,
     taken_at             timestamptz NOT NULL,
     PRIMARY KEY (stream_id, state_schema_version)
   )`,
  `COMMENT ON TABLE ${SNAPSHOTS_TABLE} IS
     'Aggregate state snapshots (a cache of stream folds); safe to truncate'`,
];

export async function migrateSnapshotSchema(pool: Pool): Promise<void> {
  await runLockedSchemaMigration(pool, MIGRATION_LOCK, STATEMENTS);
}
