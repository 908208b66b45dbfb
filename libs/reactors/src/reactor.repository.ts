// The reactors' own tables in PostgreSQL (schema `reactors`): one checkpoint per reactor (the
// global position it has handled up to) and the events it parked, with the reason, the attempts
// and whether a retry has resolved them.
import type { Pool, PoolClient } from 'pg';

export type Queryable = Pick<Pool | PoolClient, 'query'>;

export interface StoredCheckpoint {
  readonly position: number;
  /** Bumped by every replay, so that a reader still running from before can tell. */
  readonly generation: number;
}

export interface ParkedReaction {
  readonly reactor: string;
  readonly eventId: string;
  readonly globalPosition: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly reason: string;
  readonly attempts: number;
  readonly status: 'parked' | 'resolved';
  readonly parkedAt: Date;
  readonly lastAttemptAt: Date;
  readonly resolvedAt: Date | null;
}

const MIGRATION = `
CREATE SCHEMA IF NOT EXISTS reactors;
CREATE TABLE IF NOT EXISTS reactors.checkpoints (
  reactor    text PRIMARY KEY,
  position   bigint NOT NULL,
  generation integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS reactors.parked (
  reactor         text NOT NULL,
  event_id        text NOT NULL,
  global_position bigint NOT NULL,
  type            text NOT NULL,
  schema_version  integer NOT NULL,
  reason          text NOT NULL,
  attempts        integer NOT NULL,
  status          text NOT NULL CHECK (status IN ('parked', 'resolved')),
  parked_at       timestamptz NOT NULL,
  last_attempt_at timestamptz NOT NULL,
  resolved_at     timestamptz,
  PRIMARY KEY (reactor, event_id)
);
CREATE INDEX IF NOT EXISTS parked_open ON reactors.parked (reactor, global_position) WHERE status = 'parked';
`;

// One multi-statement query runs as one transaction: the lock serialises services migrating at once.
const MIGRATION_LOCK = 0x72656163;

export async function migrateReactorsSchema(pool: Pool): Promise<void> {
  await pool.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});${MIGRATION}`);
}

interface ParkedRow {
  reactor: string;
  event_id: string;
  global_position: string;
  type: string;
  schema_version: number;
  reason: string;
  attempts: number;
  status: 'parked' | 'resolved';
  parked_at: Date;
  last_attempt_at: Date;
  resolved_at: Date | null;
}

export class ReactorRepository {
  constructor(private readonly db: Queryable) {}

  async checkpoint(reactor: string): Promise<StoredCheckpoint> {
    const { rows } = await this.db.query<{ position: string; generation: number }>(
      'SELECT position, generation FROM reactors.checkpoints WHERE reactor = $1',
      [reactor],
    );
    return { position: Number(rows[0]?.position ?? 0), generation: rows[0]?.generation ?? 0 };
  }

  /**
   * Moves the checkpoint forward, unless a replay moved it since the reader started (another
   * generation): then nothing is saved and it answers false, so the reader starts over from it.
   */
  async advance(reactor: string, position: number, generation: number, at: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO reactors.checkpoints (reactor, position, generation, updated_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (reactor) DO UPDATE
         SET position = GREATEST(reactors.checkpoints.position, EXCLUDED.position),
             updated_at = EXCLUDED.updated_at
         WHERE reactors.checkpoints.generation = EXCLUDED.generation`,
      [reactor, position, generation, at],
    );
    return rowCount === 1;
  }

  /** Sets the checkpoint anywhere (a replay) and starts a new generation: running readers notice. */
  async rewind(reactor: string, position: number, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO reactors.checkpoints (reactor, position, generation, updated_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (reactor) DO UPDATE SET position = EXCLUDED.position,
         generation = reactors.checkpoints.generation + 1, updated_at = EXCLUDED.updated_at`,
      [reactor, position, at],
    );
  }

  /** Parking the same event again (a redelivery, a failed retry) counts one more attempt. */
  async park(
    reactor: string,
    event: { eventId: string; globalPosition: number; type: string; schemaVersion: number },
    reason: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO reactors.parked (reactor, event_id, global_position, type, schema_version, reason,
                                    attempts, status, parked_at, last_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'parked', $7, $7)
       ON CONFLICT (reactor, event_id) DO UPDATE SET reason = EXCLUDED.reason,
         attempts = reactors.parked.attempts + 1, status = 'parked',
         last_attempt_at = EXCLUDED.last_attempt_at, resolved_at = NULL`,
      [reactor, event.eventId, event.globalPosition, event.type, event.schemaVersion, reason, at],
    );
  }

  async resolve(reactor: string, eventId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE reactors.parked SET status = 'resolved', resolved_at = $3, last_attempt_at = $3,
         attempts = attempts + 1
       WHERE reactor = $1 AND event_id = $2`,
      [reactor, eventId, at],
    );
  }

  async parked(reactor: string, status?: 'parked' | 'resolved'): Promise<ParkedReaction[]> {
    const { rows } = await this.db.query<ParkedRow>(
      `SELECT * FROM reactors.parked WHERE reactor = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY global_position`,
      [reactor, status ?? null],
    );
    return rows.map((r) => ({
      reactor: r.reactor,
      eventId: r.event_id,
      globalPosition: Number(r.global_position),
      type: r.type,
      schemaVersion: r.schema_version,
      reason: r.reason,
      attempts: r.attempts,
      status: r.status,
      parkedAt: r.parked_at,
      lastAttemptAt: r.last_attempt_at,
      resolvedAt: r.resolved_at,
    }));
  }

  async parkedCount(reactor: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM reactors.parked WHERE reactor = $1 AND status = 'parked'`,
      [reactor],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
