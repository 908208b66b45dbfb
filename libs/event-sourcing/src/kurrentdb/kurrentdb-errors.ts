// Translation of the KurrentDB client's errors into the port's typed errors. The client tags its
// errors with a string `type` (ErrorType); matching on it rather than on classes keeps this
// working with any copy of the client module and with the in-process fake used by unit tests.
import { ErrorType } from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError, StreamDeletedError } from '../errors/event-store-errors';

export function kurrentErrorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

const TRANSIENT: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

export function isTransientKurrentError(error: unknown): boolean {
  const type = kurrentErrorType(error);
  return type !== undefined && TRANSIENT.has(type);
}

export function isStreamNotFound(error: unknown): boolean {
  return kurrentErrorType(error) === ErrorType.STREAM_NOT_FOUND;
}

export function isStreamDeleted(error: unknown): boolean {
  const type = kurrentErrorType(error);
  return type === ErrorType.STREAM_DELETED || type === ErrorType.STREAM_TOMBSTONED;
}

/** Optimistic concurrency refusals of single- and multi-stream appends. */
export function isAppendConflict(error: unknown): boolean {
  const type = kurrentErrorType(error);
  return (
    type === ErrorType.WRONG_EXPECTED_VERSION || type === ErrorType.APPEND_CONSISTENCY_VIOLATION
  );
}

/** The port's error for a client failure (or the failure itself when the port has no better one). */
export function translateKurrentError(
  error: unknown,
  operation: string,
  streamId?: string,
): unknown {
  if (isStreamDeleted(error) && streamId !== undefined) return new StreamDeletedError(streamId);
  if (isTransientKurrentError(error)) {
    return new EventStoreUnavailableError(
      `KurrentDB unavailable during ${operation}: ${String((error as Error).message)}`,
      {
        cause: error,
      },
    );
  }
  if (kurrentErrorType(error) === ErrorType.UNSUPPORTED) {
    return new Error(
      `KurrentDB refused ${operation}: the adapter needs multi-stream appends (KurrentDB 25.1 or newer). ` +
        `${String((error as Error).message)}`,
      { cause: error },
    );
  }
  return error;
}
