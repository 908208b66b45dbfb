// Positional snapshots of the pipeline-as-of fold (ADR 0326), per tenant, in the service's schema
// `sales_forecast`: the fold of every pipeline event of the tenant up to a global position, with
// the latest decision instant among them (`covers_until`). A query as of T starts from the newest
// snapshot whose `covers_until` is at or before T and folds only the events after its position
// (those decided by T): the same events in the same order as a full replay, so the same answer.
// A snapshot is only a cache: deleting the table loses nothing but speed.
import { PIPELINE_AS_OF_SNAPSHOT_VERSION, type PipelineAsOfSnapshot } from '@crm/sales-domain';
import type { Pool } from 'pg';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS sales_forecast;
CREATE TABLE IF NOT EXISTS sales_forecast.pipeline_as_of_snapshots (
  tenant_id      text        NOT NULL,
  position       bigint      NOT NULL,
  covers_until   timestamptz NOT NULL,
  events         bigint      NOT NULL,
  schema_version integer     NOT NULL,
  state          jsonb       NOT NULL,
  PRIMARY KEY (tenant_id, position)
);
CREATE INDEX IF NOT EXISTS pipeline_as_of_snapshots_until
  ON sales_forecast.pipeline_as_of_snapshots (tenant_id, schema_version, covers_until);
`;

export interface StoredPipelineSnapshot {
  /** The global position of the last event folded into it. */
  readonly position: number;
  /** The latest `occurredAt` (ms) of the events folded into it. */
  readonly coversUntil: number;
  /** How many events it folds: the next one is taken only well after it. */
  readonly events: number;
  readonly state: PipelineAsOfSnapshot;
}

export class PipelineAsOfSnapshots {
  constructor(private readonly pool: Pool) {}

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA);
  }

  /** The newest snapshot usable for an answer as of `until` (ms), if any. */
  async latestCovering(
    tenantId: string,
    until: number,
  ): Promise<StoredPipelineSnapshot | undefined> {
    const { rows } = await this.pool.query<{
      position: string;
      covers_until: Date;
      events: string;
      state: PipelineAsOfSnapshot;
    }>(
      `SELECT position, covers_until, events, state FROM sales_forecast.pipeline_as_of_snapshots
        WHERE tenant_id = $1 AND schema_version = $2 AND covers_until <= $3
        ORDER BY position DESC LIMIT 1`,
      [tenantId, PIPELINE_AS_OF_SNAPSHOT_VERSION, new Date(until)],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : {
          position: Number(row.position),
          coversUntil: row.covers_until.getTime(),
          events: Number(row.events),
          state: row.state,
        };
  }

  async save(tenantId: string, snapshot: StoredPipelineSnapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO sales_forecast.pipeline_as_of_snapshots
         (tenant_id, position, covers_until, events, schema_version, state)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, position) DO NOTHING`,
      [
        tenantId,
        snapshot.position,
        new Date(snapshot.coversUntil),
        snapshot.events,
        PIPELINE_AS_OF_SNAPSHOT_VERSION,
        JSON.stringify(snapshot.state),
      ],
    );
  }
}
