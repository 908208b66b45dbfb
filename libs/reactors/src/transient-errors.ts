// The default answer to "is this failure the event's fault?": connection-level and
// concurrency failures are not (retry later from the checkpoint); everything else is (park it).
// A parked event waits for a person (`retryParked`), so a server that was only away or slow must
// never park one: a customer would silently miss what the reactor does (a journey, a mail).
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const TRANSIENT_NAMES = new Set([
  'ConcurrencyError',
  // The MongoDB driver's "server away or too slow" family (by name: no driver import here).
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoWriteConcernError',
  'MongoPoolClearedError',
]);
// gRPC status codes of a service that is away or too slow: UNAVAILABLE, DEADLINE_EXCEEDED.
const TRANSIENT_GRPC_CODES = new Set([14, 4]);

export function isTransientFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (isTransientItself(cause)) return true;
    cause = cause.cause;
  }
  return false;
}

function isTransientItself(error: Error): boolean {
  const { code, metadata, hasErrorLabel } = error as {
    code?: unknown;
    metadata?: unknown;
    hasErrorLabel?: (label: string) => boolean;
  };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof code === 'number' && metadata !== undefined && TRANSIENT_GRPC_CODES.has(code))
    return true;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if (typeof hasErrorLabel === 'function' && hasErrorLabel.call(error, 'RetryableWriteError'))
    return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|buffering timed out/i.test(
    error.message,
  );
}
