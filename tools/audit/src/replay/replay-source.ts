// What `audit replay` reads, in global order and in batches. As stored, the envelopes' JSON is
// built by PostgreSQL (readStoredLogJson: no parse and re-serialise per event); to a file or
// stdout, as JSON Lines bytes streamed by COPY (copyStoredLogJsonLines: not even a row decoded). Decrypting needs
// the payload in Node, so `--decrypt` reads envelopes through the auditor's decrypting view, where
// an erased person's fields read "[erased]" (their key no longer exists).
import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from 'pg';
import {
  copyStoredLogJsonLines,
  readStoredLogJson,
  type EventEnvelope,
  type EventStore,
  type GlobalLogFilter,
  type StoredLogJsonBatch,
  type StoredLogJsonLinesBatch,
  type StoredLogJsonOptions,
} from '@crm/event-sourcing';
import type { ReplayRecord } from './replay-sink';

export interface ReplaySlice {
  /** Exclusive. */
  readonly after: number;
  /** Inclusive. */
  readonly toPosition: number;
  readonly filter: GlobalLogFilter;
  readonly streams: ReadonlySet<string> | undefined;
}

/** Records for a Kafka topic (or decrypted), or JSON Lines bytes as stored for a file. */
export type ReplayBatch = StoredLogJsonBatch | StoredLogJsonLinesBatch;

function storedReadOptions(slice: ReplaySlice, onWaiting: () => void): StoredLogJsonOptions {
  return {
    after: slice.after,
    toPosition: slice.toPosition,
    filter: slice.filter,
    ...(slice.streams ? { streamIds: [...slice.streams] } : {}),
    onWaiting,
  };
}

/** As stored, with each event's Kafka headers: the records of a topic. */
export function storedReplayRecords(
  pool: Pool,
  slice: ReplaySlice,
  onWaiting: () => void,
): AsyncIterable<ReplayBatch> {
  return readStoredLogJson(pool, { ...storedReadOptions(slice, onWaiting), withHeaders: true });
}

/** As stored, JSON Lines bytes: a file or stdout. */
export function storedReplayLines(
  pool: Pool,
  slice: ReplaySlice,
  onWaiting: () => void,
): AsyncIterable<ReplayBatch> {
  return copyStoredLogJsonLines(pool, storedReadOptions(slice, onWaiting));
}

function toRecord(event: EventEnvelope): ReplayRecord {
  return {
    json: JSON.stringify(event),
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    headers: {
      type: event.type,
      schemaVersion: event.schemaVersion,
      eventId: event.eventId,
      tenantId: event.tenantId,
      correlationId: event.correlationId,
    },
  };
}

export async function* decryptedReplay(
  store: EventStore,
  pool: Pool,
  slice: ReplaySlice,
): AsyncGenerator<ReplayBatch> {
  const { rows } = await pool.query<{ head: string | null }>(
    'SELECT max(global_position)::text AS head FROM event_store.events',
  );
  // For the progress bar only; the read itself goes on to the gap-free end of the log.
  const endPosition = Math.min(slice.toPosition, Number(rows[0]?.head ?? 0));
  for (let after = slice.after; ;) {
    const page = await store.readAllPage({ after, filter: slice.filter, batchSize: 5_000 });
    const inRange = page.events.filter((e) => e.globalPosition <= slice.toPosition);
    const records = inRange.filter((e) => !slice.streams || slice.streams.has(e.streamId));
    const done = inRange.length < page.events.length || page.checkpoint >= slice.toPosition;
    yield {
      records: records.map(toRecord),
      throughPosition: done ? endPosition : page.checkpoint,
      endPosition,
    };
    if (done) return;
    // Pending: an older transaction is still committing below newer events; wait for it
    // rather than end the replay with a hole.
    if (page.isEnd && !page.pending) return;
    if (page.pending && page.events.length === 0) await delay(20);
    after = page.checkpoint;
  }
}
