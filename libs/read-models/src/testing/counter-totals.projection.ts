// Test-only projection over the `sample` context: one document per counter stream (sum, count,
// last amount, last version) and one per tenant summed over all its streams. The tenant document
// is written by many streams, which is what exercises per-stream guards under Kafka's order.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection } from '../projection/projection-definition';
import type {
  PoisonPolicy,
  ProjectionDefinition,
  ProjectionSource,
} from '../projection/projection-definition';
import { upsert } from '../projection/read-model-change';

interface CounterIncrementedData {
  readonly counterId: string;
  readonly by: number;
}

export interface CounterTotalsOptions {
  readonly name?: string;
  readonly version?: number;
  readonly source?: ProjectionSource;
  readonly onPoison?: PoisonPolicy;
  /** Throw for events whose `by` is this value (to make poison events on purpose). */
  readonly poisonAmount?: number;
}

export function counterTotalsProjection(options: CounterTotalsOptions = {}): ProjectionDefinition {
  return defineProjection({
    name: options.name ?? 'counter-totals',
    version: options.version ?? 1,
    eventTypes: ['sample.CounterIncremented'],
    readModels: ['counters', 'tenants'],
    onPoison: options.onPoison ?? 'halt',
    source: options.source ?? 'kafka',
    indexes: { counters: [{ fields: { tenantId: 1, total: -1 } }] },
    project(event: EventEnvelope) {
      const data = event.data as CounterIncrementedData;
      if (typeof data.by !== 'number')
        throw new Error(`counter event without an amount: ${JSON.stringify(data)}`);
      if (options.poisonAmount !== undefined && data.by === options.poisonAmount)
        throw new Error(`refusing amount ${data.by}`);
      return [
        upsert('counters', event.streamId, {
          set: {
            tenantId: event.tenantId,
            counterId: data.counterId,
            last: data.by,
            version: event.streamVersion,
          },
          inc: { total: data.by, events: 1 },
          setOnInsert: { firstSeenAt: event.occurredAt },
        }),
        upsert('tenants', event.tenantId, { inc: { total: data.by, events: 1 } }),
      ];
    },
  });
}
