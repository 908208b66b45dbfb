// The one statement of an append (ADR 0120): a call of event_store.append_to_stream (migration
// 0002) with the validated events as arrays and the canonical text of each event's hash around the
// two values the function fills in (previous hash, stream version). Named, so each connection
// parses and plans it once.
import type { PreparedAppend, SealedEvent } from '../append-preparation';
import type { AppendOptions, ExpectedVersion } from '../event-store';
import { eventHashTemplate } from '../integrity/event-hash';

export const APPEND_STATEMENT_NAME = 'event-store-append-to-stream';

const APPEND_SQL = `SELECT outcome, stream_version::text AS stream_version, positions::text[] AS positions,
    hashes, previous_hash
  FROM event_store.append_to_stream($1, $2, $3, $4, $5, $6::bigint, $7::uuid[], $8::text[],
    $9::integer[], $10::timestamptz[], $11::jsonb[], $12::text[], $13::text[], $14::jsonb[],
    $15::text[], $16::text[], $17::text[], $18, $19)`;

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
  const templates = events.map((e) => eventHashTemplate({ ...e, streamId }));
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
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => e.occurredAt),
      events.map((e) => JSON.stringify(e.actor)),
      events.map((e) => e.correlationId),
      events.map((e) => e.causationId),
      events.map((e) => e.dataJson),
      templates.map((t) => t.head),
      templates.map((t) => t.middle),
      templates.map((t) => t.tail),
      idempotency?.key ?? null,
      idempotency?.fingerprint ?? null,
    ],
  };
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
