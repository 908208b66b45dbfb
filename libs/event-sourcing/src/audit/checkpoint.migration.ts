// Idempotent schema for signed checkpoints. The table is append-only (a trigger refuses UPDATE,
// DELETE and TRUNCATE, like event_store.events); the signatures, not the trigger, are what make a
// change detectable, since a database administrator can disable triggers.
import type { Pool } from 'pg';
import { runLockedSchemaMigration } from '../postgres/locked-schema-migration';

export const AUDIT_SCHEMA = 'event_audit';
export const CHECKPOINTS_TABLE = `${AUDIT_SCHEMA}.checkpoints`;

const MIGRATION_LOCK = "hashtext('crm.event-audit.migration')";

const STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS ${AUDIT_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS_TABLE} (
     sequence        bigint PRIMARY KEY CHECK (sequence >= 1),
     from_position   bigint NOT NULL,
     to_position     bigint NOT NULL CHECK (to_position >= from_position),
     event_count     integer NOT NULL CHECK (event_count >= 1),
     merkle_root     text NOT NULL,
     previous_digest text,
     signed_at       timestamptz NOT NULL,
     key_id          text NOT NULL,
     signature       text NOT NULL,
     -- [globalPosition, streamId, streamVersion, hash] per sealed event, in position order: lets
     -- verification name the exact event that is missing, moved or altered
     leaves          jsonb NOT NULL
   )`,
  `CREATE OR REPLACE FUNCTION ${AUDIT_SCHEMA}.refuse_checkpoint_change() RETURNS trigger
     LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION '${CHECKPOINTS_TABLE} is append-only (% refused)', TG_OP
       USING ERRCODE = 'insufficient_privilege';
   END $$`,
  `DROP TRIGGER IF EXISTS checkpoints_are_immutable ON ${CHECKPOINTS_TABLE}`,
  `CREATE TRIGGER checkpoints_are_immutable BEFORE UPDATE OR DELETE ON ${CHECKPOINTS_TABLE}
     FOR EACH ROW EXECUTE FUNCTION ${AUDIT_SCHEMA}.refuse_checkpoint_change()`,
  `DROP TRIGGER IF EXISTS checkpoints_are_not_truncated ON ${CHECKPOINTS_TABLE}`,
  `CREATE TRIGGER checkpoints_are_not_truncated BEFORE TRUNCATE ON ${CHECKPOINTS_TABLE}
     FOR EACH STATEMENT EXECUTE FUNCTION ${AUDIT_SCHEMA}.refuse_checkpoint_change()`,
];

export async function migrateAuditSchema(pool: Pool): Promise<void> {
  await runLockedSchemaMigration(pool, MIGRATION_LOCK, STATEMENTS);
}
