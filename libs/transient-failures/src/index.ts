// "Is this failure the operation's own fault, or was a server only away or slow?" — one answer for
// the read-model writers (retry the batch) and the reactors (pause instead of parking the event).
// Driver-free on purpose: customers, sales, the desk and loyalty run reactors without loading
// mongoose, so MongoDB errors are recognised by their class names along the prototype chain (what
// `instanceof` would test), their server codes and their labels, never by importing the driver.

const POSTGRES_TRANSIENT_CODES = new Set([
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

// The driver's "server away or too slow" classes; subclasses (MongoNetworkTimeoutError,
// PoolClearedError, …) are found through the prototype chain.
const MONGO_TRANSIENT_CLASSES = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoWriteConcernError',
]);

// Server codes that mean "not now" rather than "never": shutdown, step-down, network, timeouts.
const MONGO_TRANSIENT_CODES = new Set([
  6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);

// gRPC status codes of a service that is away or too slow: UNAVAILABLE, DEADLINE_EXCEEDED.
const GRPC_TRANSIENT_CODES = new Set([14, 4]);

// mongoose's own "buffering timed out" / "connection closed" while the server is away.
const MONGO_TRANSIENT_MESSAGES =
  /buffering timed out|Client must be connected|connection .* closed|Topology is closed|ECONNREFUSED|ECONNRESET/i;
// node-postgres' connection failures that carry no code.
const POSTGRES_TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error/i;

/** A failure of the MongoDB server or the connection to it, not of the operation itself. */
export function isTransientMongoFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const classes = classNamesOf(error);
  if ([...MONGO_TRANSIENT_CLASSES].some((name) => classes.has(name))) return true;
  if (classes.has('MongoError')) {
    const { code, hasErrorLabel } = error as {
      code?: unknown;
      hasErrorLabel?: (label: string) => boolean;
    };
    if (typeof hasErrorLabel === 'function') {
      if (hasErrorLabel.call(error, 'RetryableWriteError')) return true;
      if (hasErrorLabel.call(error, 'ResetPool')) return true;
    }
    if (typeof code === 'number' && MONGO_TRANSIENT_CODES.has(code)) return true;
  }
  return MONGO_TRANSIENT_MESSAGES.test(error.message);
}

/**
 * Any server the operation needed (PostgreSQL, MongoDB, a gRPC service) was away or too slow, or
 * a concurrency conflict that a retry resolves — also when wrapped as the `cause` of another error.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (isTransientItself(cause)) return true;
    cause = cause.cause;
  }
  return false;
}

function isTransientItself(error: Error): boolean {
  const { code, metadata } = error as { code?: unknown; metadata?: unknown };
  if (typeof code === 'string' && (POSTGRES_TRANSIENT_CODES.has(code) || code.startsWith('08')))
    return true;
  if (typeof code === 'number' && metadata !== undefined && GRPC_TRANSIENT_CODES.has(code))
    return true;
  if (error.name === 'ConcurrencyError') return true;
  return POSTGRES_TRANSIENT_MESSAGES.test(error.message) || isTransientMongoFailure(error);
}

function classNamesOf(error: Error): Set<string> {
  const names = new Set<string>([error.name]);
  let proto: unknown = Object.getPrototypeOf(error);
  while (typeof proto === 'object' && proto !== null) {
    const name: unknown = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string') names.add(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}
