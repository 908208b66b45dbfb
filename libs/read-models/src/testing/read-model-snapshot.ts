// Test-only: the full content of a target's collections (internal guard fields included), sorted,
// so two read models can be compared for identity ("live equals clean rebuild").
import type { Connection } from 'mongoose';
import type { ProjectionTarget } from '../targets/projection-target';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import { ReadModelResolver } from '../targets/read-model-resolver';

export type ReadModelSnapshot = Record<string, unknown[]>;

export async function snapshotTarget(
  connection: Connection,
  target: ProjectionTarget | string,
): Promise<ReadModelSnapshot> {
  const resolved =
    typeof target === 'string'
      ? await new ProjectionTargetRepository(connection).target(target)
      : target;
  if (!resolved) throw new Error(`no target ${typeof target === 'string' ? target : target._id}`);
  const snapshot: ReadModelSnapshot = {};
  for (const [model, collection] of Object.entries(resolved.collections).sort()) {
    snapshot[model] = await connection
      .db!.collection(collection)
      .find({})
      .sort({ _id: 1 })
      .toArray();
  }
  return snapshot;
}

/** The snapshot of the target the projection's alias points at. */
export async function snapshotServing(
  connection: Connection,
  projection: string,
): Promise<ReadModelSnapshot> {
  const alias = await new ProjectionTargetRepository(connection).alias(projection);
  if (!alias) throw new Error(`projection ${projection} serves nothing yet`);
  return snapshotTarget(connection, alias.targetId);
}

/** A snapshot without the runtime's own bookkeeping (position guards), to compare content only. */
export function withoutRuntimeFields(snapshot: ReadModelSnapshot): ReadModelSnapshot {
  return Object.fromEntries(
    Object.entries(snapshot).map(([model, documents]) => [
      model,
      documents.map((document) => {
        const { _applied: _a, _position: _p, ...rest } = document as Record<string, unknown>;
        return rest;
      }),
    ]),
  );
}

/** Expected counter totals computed straight from the events (the oracle of the tests). */
export function expectedCounterTotals(
  events: readonly { streamId: string; tenantId: string; type: string; data: unknown }[],
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'sample.CounterIncremented') continue;
    totals.set(e.streamId, (totals.get(e.streamId) ?? 0) + (e.data as { by: number }).by);
  }
  return totals;
}

/** The totals per counter stream of the counter-totals read model `projection` serves now. */
export async function servingCounterTotals(
  connection: Connection,
  projection: string,
): Promise<Record<string, number>> {
  const collection = await new ReadModelResolver(connection, 0).collection<{
    _id: string;
    total: number;
  }>(projection, 'counters');
  const docs = await collection.find({}).toArray();
  return Object.fromEntries(docs.map((d) => [d._id, d.total]));
}
