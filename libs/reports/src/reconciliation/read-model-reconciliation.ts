// Reconciliation of the report datasets with the event store: per dataset and tenant, the rows of
// the serving read model against the streams of the dataset's category in the store (one row per
// stream). The read model moves while we count, so the store is counted twice: up to the
// checkpoint read before the rows (a lower bound) and up to the head read after them (an upper
// bound); only a row count outside [lower, upper] is a mismatch, so lag never raises an alarm.
import { ReadModelNotReadyError, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import { DATASETS } from '../datasets/catalogue';
import type { DatasetSpec } from '../datasets/dataset';
import type { StoreHeadReader } from '../engine/report-engine';
import { systemClock } from '@crm/event-sourcing';

/** Streams per tenant of a category, counting only events at or below a global position. */
export interface StreamCounter {
  streamsPerTenant(category: string, upToPosition: number): Promise<Map<string, number>>;
}

export class PostgresStreamCounter implements StreamCounter {
  constructor(private readonly pool: Pick<Pool, 'query'>) {}

  async streamsPerTenant(category: string, upToPosition: number): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ tenant_id: string; streams: string }>(
      `SELECT tenant_id, count(DISTINCT stream_id)::text AS streams FROM event_store.events
        WHERE category = $1 AND global_position <= $2 GROUP BY tenant_id`,
      [category, upToPosition],
    );
    return new Map(rows.map((r) => [r.tenant_id, Number(r.streams)]));
  }
}

export interface ReconciliationFinding {
  readonly dataset: string;
  readonly tenantId: string;
  readonly readModelRows: number;
  /** Streams up to the checkpoint the read model had applied when counting began. */
  readonly storeStreamsAtCheckpoint: number;
  /** Streams up to the store head when counting ended. */
  readonly storeStreamsAtHead: number;
  readonly checkpoint: number;
  readonly head: number;
}

export interface ReconciliationReport {
  readonly checkedAt: string;
  readonly findings: readonly ReconciliationFinding[];
  readonly mismatches: readonly ReconciliationFinding[];
  /** Datasets whose read model serves no collection yet (first build running): not checked. */
  readonly notServing: readonly string[];
}

export function isMismatch(f: ReconciliationFinding): boolean {
  return f.readModelRows < f.storeStreamsAtCheckpoint || f.readModelRows > f.storeStreamsAtHead;
}

export interface ReconciliationDeps {
  readonly connection: Connection;
  readonly streams: StreamCounter;
  readonly storeHead: StoreHeadReader;
  readonly resolver?: ReadModelResolver;
  readonly clock?: () => Date;
  readonly datasets?: readonly DatasetSpec[];
}

export async function reconcileReadModels(deps: ReconciliationDeps): Promise<ReconciliationReport> {
  const resolver = deps.resolver ?? new ReadModelResolver(deps.connection, 0);
  const findings: ReconciliationFinding[] = [];
  const notServing: string[] = [];
  for (const dataset of deps.datasets ?? Object.values(DATASETS)) {
    // Rows that are not one per stream (answers, articles per locale) have nothing to count against.
    const category = dataset.storeCategory;
    if (category === undefined) continue;
    const checkpoint = await resolver.appliedStorePosition(dataset.projection);
    let collection;
    try {
      collection = await resolver.collection(dataset.projection, dataset.model);
    } catch (error) {
      if (!(error instanceof ReadModelNotReadyError)) throw error;
      notServing.push(dataset.name);
      continue;
    }
    const rows = await collection
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$tenantId', n: { $sum: 1 } } }])
      .toArray();
    const head = await deps.storeHead.position();
    const [atCheckpoint, atHead] = await Promise.all([
      deps.streams.streamsPerTenant(category, checkpoint),
      deps.streams.streamsPerTenant(category, head),
    ]);
    const counted = new Map(rows.map((r) => [r._id, r.n]));
    const tenants = new Set([...counted.keys(), ...atCheckpoint.keys(), ...atHead.keys()]);
    for (const tenantId of [...tenants].sort()) {
      findings.push({
        dataset: dataset.name,
        tenantId,
        readModelRows: counted.get(tenantId) ?? 0,
        storeStreamsAtCheckpoint: atCheckpoint.get(tenantId) ?? 0,
        storeStreamsAtHead: atHead.get(tenantId) ?? 0,
        checkpoint,
        head,
      });
    }
  }
  return {
    checkedAt: (deps.clock ?? (() => systemClock.now()))().toISOString(),
    findings,
    mismatches: findings.filter(isMismatch),
    notServing,
  };
}
