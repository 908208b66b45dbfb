// The answer to an append (or command) whose idempotency key is already stored, shared by every
// adapter and the command handler: the first result again, or IdempotencyKeyReusedError when the
// same key comes with a different fingerprint.
import { IdempotencyKeyReusedError } from './errors/event-store-errors';
import type { AppendResult, IdempotencyRecord } from './event-store';

export function replayOfIdempotencyRecord(
  record: IdempotencyRecord,
  key: string,
  fingerprint: string | undefined,
): AppendResult {
  if (
    fingerprint !== undefined &&
    record.fingerprint !== null &&
    record.fingerprint !== fingerprint
  )
    throw new IdempotencyKeyReusedError(key);
  const last = record.events[record.events.length - 1];
  return {
    streamId: record.streamId,
    events: record.events,
    nextExpectedVersion: last?.streamVersion ?? 0,
    replayed: true,
  };
}
