// Mapping between event_store.events rows and envelopes.
import type { Actor, EventEnvelope } from '../envelope';
import type { StoredEventForVerification } from '../integrity/event-hash';

export const EVENT_COLUMNS = `global_position, event_id, stream_id, stream_version, type, schema_version, tenant_id,
  occurred_at, actor, correlation_id, causation_id, data, hash, previous_hash`;

export interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  tenant_id: string;
  occurred_at: Date;
  actor: Actor;
  correlation_id: string;
  causation_id: string;
  data: unknown;
  hash: string;
  previous_hash: string | null;
}

/** The stored envelope, before upcasting (what the integrity hash covers). */
export function rowToStoredEnvelope(row: EventRow): EventEnvelope & StoredEventForVerification {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.global_position),
    tenantId: row.tenant_id,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: row.data,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}
