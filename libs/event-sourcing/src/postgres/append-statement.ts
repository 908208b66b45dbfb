// The one statement of an append (ADR 0120): a call of event_store.append_to_stream (migration
// 0002) with the validated events as one JSON array and the canonical text of each event's hash around the
// two values the function fills in (previous hash, stream version). Named, so each connection
// parses and plans it once.
import type { PreparedAppend, PreparedEvent, SealedEvent } from '../append-preparation';
import type { AppendOptions, ExpectedVersion } from '../event-store';
import { eventHashTemplate } from '../integrity/event-hash';

export const APPEND_STATEMENT_NAME = 'event-store-append-to-stream';

const APPEND_SQL = `SELECT outcome, stream_version::text AS stream_version, positions::text[] AS positions,
    hashes, previous_hash
  FROM event_store.append_to_stream($1, $2, $3, $4, $5, $6::bigint, $7::json, $8::integer, $9, $10)`;

export type AppendOutcome =
  'appended' | 'wrong_expected_version' | 'stream_deleted' | 'tenant_mismatch';

export interface AppendRow {
  readonly outcome: AppendOutcome;
  /** The new version when appended, else the stream's current version. */
  readonly stream_version: string;
  readonly positions: string[] | null;
  readonly hashes: string[] | null;
  /** The stream's last hash before this append. */
  readonly previous_hash: string | null;
}

export function appendStatement(
  prepared: PreparedAppend,
  expected: ExpectedVersion,
  idempotency: AppendOptions['idempotency'],
): { name: string; text: string; values: unknown[] } {
  const { streamId, context, category } = prepared.stream;
  const events = prepared.events;
  const exact = typeof expected === 'number';
  return {
    name: APPEND_STATEMENT_NAME,
    text: APPEND_SQL,
    values: [
      streamId,
      context,
      category,
      events.length > 0 ? (prepared.tenantId ?? null) : null,
      exact ? 'exact' : expected,
      exact ? expected : null,
      eventsJson(streamId, events),
      events.length,
      idempotency?.key ?? null,
      idempotency?.fingerprint ?? null,
    ],
  };
}

/**
 * The events as one JSON array, concatenated from texts that are JSON already: the payload goes
 * once, as canonical JSON, both stored (as jsonb, equal to the serialised payload) and hashed.
 * Cheaper than a dozen array parameters whose elements the driver escapes one by one.
 */
function eventsJson(streamId: string, events: readonly PreparedEvent[]): string {
  const items = events.map((e) => {
    const t = eventHashTemplate({ ...e, streamId });
    return `{"eventId":${JSON.stringify(e.eventId)},"type":${JSON.stringify(e.type)},"schemaVersion":${e.schemaVersion},"occurredAt":${JSON.stringify(e.occurredAt)},"actor":${JSON.stringify(e.actor)},"correlationId":${JSON.stringify(e.correlationId)},"causationId":${JSON.stringify(e.causationId)},"beforeData":${JSON.stringify(t.beforeData)},"data":${t.data},"afterData":${JSON.stringify(t.afterData)},"middle":${JSON.stringify(t.middle)},"tail":${JSON.stringify(t.tail)}}`;
  });
  return `[${items.join(',')}]`;
}

/** The sealed events of an appended row: versions, hashes and links as the function stored them. */
export function sealedFromRow(prepared: PreparedAppend, row: AppendRow): SealedEvent[] {
  const hashes = row.hashes ?? [];
  const first = Number(row.stream_version) - prepared.events.length + 1;
  return prepared.events.map((event, i) => ({
    ...event,
    streamId: prepared.stream.streamId,
    streamVersion: first + i,
    hash: hashes[i] ?? '',
    previousHash: i === 0 ? row.previous_hash : (hashes[i - 1] ?? null),
  }));
}
