// Sorts MongoDB failures into "the server is unreachable or busy: retry the same batch later"
// (never park an event for that) and "this write itself is wrong: park the event".
import { mongo } from 'mongoose';

// Server codes that mean "not now" rather than "never": shutdown, step-down, network, timeouts.
const TRANSIENT_CODES = new Set([
  6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

export function isTransientMongoError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    error instanceof mongo.MongoServerClosedError ||
    error instanceof mongo.MongoWriteConcernError
  ) {
    return true;
  }
  if (error instanceof mongo.MongoError) {
    if (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool')) return true;
    if (typeof error.code === 'number' && TRANSIENT_CODES.has(error.code)) return true;
  }
  // mongoose's own "buffering timed out" / "connection closed" while the server is away.
  return /buffering timed out|Client must be connected|connection .* closed|ECONNREFUSED|ECONNRESET|Topology is closed/i.test(
    error.message,
  );
}

/** A duplicate key on the `_id` index (not on another unique index of the read model). */
export function isIdDuplicate(code: number, message: string | undefined): boolean {
  return code === 11000 && /index: _id_|_id_ dup key|dup key: \{ _id:/.test(message ?? '');
}
