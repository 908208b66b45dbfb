// PostgreSQL adapter of the SnapshotStore port (table from snapshot.migration.ts). The upsert only
// moves a snapshot forward, so a slow background writer can never replace a newer snapshot.
import type { Pool } from 'pg';
import type { Snapshot } from './snapshot';
import type { SnapshotStore } from './snapshot.store';
import { SNAPSHOTS_TABLE as T } from './snapshot.migration';

interface SnapshotRow {
  stream_id: string;
  tenant_id: string;
  stream_version: string;
  state_schema_version: string;
  state: unknown;
  taken_at: Date;
}

export class PostgresSnapshotStore implements SnapshotStore {
  constructor(private readonly pool: Pool) {}

  async load(streamId: string, stateSchemaVersion: string): Promise<Snapshot | null> {
    const { rows } = await this.pool.query<SnapshotRow>(
      `SELECT stream_id, tenant_id, stream_version, state_schema_version, state, taken_at
       FROM ${T} WHERE stream_id = $1 AND state_schema_version = $2`,
      [streamId, stateSchemaVersion],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      streamId: row.stream_id,
      tenantId: row.tenant_id,
      streamVersion: Number(row.stream_version),
      stateSchemaVersion: row.state_schema_version,
      state: row.state,
      takenAt: row.taken_at.toISOString(),
    };
  }

  async save(snapshot: Snapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${T} AS s (stream_id, state_schema_version, tenant_id, stream_version, state, taken_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (stream_id, state_schema_version) DO UPDATE
         SET tenant_id = EXCLUDED.tenant_id, stream_version = EXCLUDED.stream_version,
             state = EXCLUDED.state, taken_at = EXCLUDED.taken_at
         WHERE s.stream_version < EXCLUDED.stream_version`,
      [
        snapshot.streamId,
        snapshot.stateSchemaVersion,
        snapshot.tenantId,
        snapshot.streamVersion,
        JSON.stringify(snapshot.state),
        snapshot.takenAt,
      ],
    );
  }

  async delete(streamId: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${T} WHERE stream_id = $1`, [streamId]);
    return result.rowCount ?? 0;
  }

  async pruneSchemaVersions(streamIdPrefix: string, keep: string): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM ${T} WHERE starts_with(stream_id, $1) AND state_schema_version <> $2`,
      [streamIdPrefix, keep],
    );
    return result.rowCount ?? 0;
  }
}
