// The `timers` schema: one row per timer, unique per (owner, tenant, business key). Workers look up
// due rows through a partial index on (owner, next_attempt_at) of the scheduled ones only, and
// lease what they fire (lease_owner, lease_until).
import type { Pool } from 'pg';

const MIGRATION = `
CREATE SCHEMA IF NOT EXISTS timers;
CREATE TABLE IF NOT EXISTS timers.timers (
  id              uuid PRIMARY KEY,
  owner           text NOT NULL,
  tenant_id       text NOT NULL,
  key             text NOT NULL,
  command         jsonb NOT NULL,
  schedule        jsonb NOT NULL,
  due_at          timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  fired_count     integer NOT NULL DEFAULT 0,
  last_fired_at   timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  UNIQUE (owner, tenant_id, key)
);
CREATE INDEX IF NOT EXISTS timers_due ON timers.timers (owner, next_attempt_at) WHERE status = 'scheduled';
-- A worker's claim (ADR 0270): which claim holds the timer while it fires, until when (real time).
ALTER TABLE timers.timers ADD COLUMN IF NOT EXISTS lease_owner text;
ALTER TABLE timers.timers ADD COLUMN IF NOT EXISTS lease_until timestamptz;
`;

// One multi-statement query runs as one transaction: the lock serialises services migrating at once.
const MIGRATION_LOCK = 0x74696d72;

export async function migrateTimersSchema(pool: Pool): Promise<void> {
  await pool.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});${MIGRATION}`);
}
