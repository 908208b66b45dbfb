// The relay's durable checkpoint: the global position up to which every event has been
// acknowledged by Kafka. One row per relay name in `messaging.relay_checkpoints`, next to the
// store (same database), so a store backup carries the relay's progress with it.
import type { ClientBase, Pool } from 'pg';

export type Queryable = Pick<ClientBase, 'query'> | Pool;

/** Arbitrary constant: serialises the CREATE statements of relays starting at the same moment. */
const SCHEMA_LOCK_KEY = '7310413229210745101';

export async function ensureRelaySchema(db: Queryable): Promise<void> {
  // One statement string = one implicit transaction, so the xact lock covers both CREATEs.
  await db.query(`
    SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY});
    CREATE SCHEMA IF NOT EXISTS messaging;
    CREATE TABLE IF NOT EXISTS messaging.relay_checkpoints (
      relay_name  text PRIMARY KEY,
      position    bigint NOT NULL CHECK (position >= 0),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );`);
}

export interface RelayCheckpointRecord {
  readonly position: number;
  readonly updatedAt: Date | undefined;
}

export class RelayCheckpointRepository {
  constructor(readonly relayName: string) {}

  async load(db: Queryable): Promise<RelayCheckpointRecord> {
    const { rows } = await db.query<{ position: string; updated_at: Date }>(
      'SELECT position::text AS position, updated_at FROM messaging.relay_checkpoints WHERE relay_name = $1',
      [this.relayName],
    );
    const row = rows[0];
    return row
      ? { position: Number(row.position), updatedAt: row.updated_at }
      : { position: 0, updatedAt: undefined };
  }

  /**
   * Moves the checkpoint forward (never back: GREATEST), so a deposed leader finishing a stale
   * batch cannot rewind its successor's progress.
   */
  async save(db: Queryable, position: number): Promise<void> {
    await db.query(
      `INSERT INTO messaging.relay_checkpoints (relay_name, position) VALUES ($1, $2)
       ON CONFLICT (relay_name) DO UPDATE
         SET position = GREATEST(messaging.relay_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [this.relayName, position],
    );
  }
}
