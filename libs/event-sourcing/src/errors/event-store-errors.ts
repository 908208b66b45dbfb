// Typed errors of the event store and the decider runtime. Every error has a stable `code` that
// services map to gRPC/GraphQL errors; messages are for humans and may change, codes may not.

export type ExpectedVersionDescription = 'any' | 'no_stream' | 'stream_exists' | number;

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  /** True when retrying the same call may succeed (e.g. the database was briefly unreachable). */
  readonly retriable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The stream's current version did not match the expected version of an append. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersionDescription,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, expected ${String(expectedVersion)}`);
  }
}

/** A command kept conflicting with concurrent writers after the configured number of retries. */
export class ConcurrencyError extends EventStoreError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
    cause?: unknown,
  ) {
    super(`Stream ${streamId} changed concurrently ${attempts} times in a row; giving up`, {
      cause,
    });
  }
}

export class InvalidStreamIdError extends EventStoreError {
  readonly code = 'INVALID_STREAM_ID';
  constructor(readonly streamId: unknown) {
    super(`Invalid stream id ${JSON.stringify(streamId)}: expected <context>.<Aggregate>-<id>`);
  }
}

export class UnknownEventTypeError extends EventStoreError {
  readonly code = 'UNKNOWN_EVENT_TYPE';
  constructor(readonly eventType: string) {
    super(
      `Unknown event type ${JSON.stringify(eventType)}: register it with the event store first`,
    );
  }
}

/** The envelope (not the payload) is malformed: bad uuid, time format, type name, actor, tenant… */
export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(
    message: string,
    readonly eventId?: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The payload does not satisfy the JSON Schema registered for its type and schema version. */
export class InvalidEventDataError extends EventStoreError {
  readonly code = 'INVALID_EVENT_DATA';
  constructor(
    readonly eventType: string,
    readonly eventId: string,
    readonly details: readonly string[],
  ) {
    super(`Event ${eventId} (${eventType}) has invalid data: ${details.join('; ')}`);
  }
}

export class EventTooLargeError extends EventStoreError {
  readonly code = 'EVENT_TOO_LARGE';
  constructor(
    readonly eventId: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`Event ${eventId} is ${sizeBytes} bytes serialised; the limit is ${maxBytes}`);
  }
}

/** The payload cannot be stored as JSON and read back identically (BigInt, cycles, functions, NUL…). */
export class NonSerialisablePayloadError extends EventStoreError {
  readonly code = 'NON_SERIALISABLE_PAYLOAD';
  constructor(
    readonly eventId: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Event ${eventId} has a non-serialisable payload at ${path}: ${reason}`);
  }
}

/** The stream was tombstoned (hard-deleted): it can never be read or written again. */
export class StreamDeletedError extends EventStoreError {
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} has been deleted permanently`);
  }
}

/** The stream belongs to another tenant than the one the caller acts for. */
export class TenantMismatchError extends EventStoreError {
  readonly code = 'TENANT_MISMATCH';
  constructor(
    readonly streamId: string,
    readonly expectedTenantId: string,
  ) {
    super(`Stream ${streamId} does not belong to tenant ${expectedTenantId}`);
  }
}

/** An event id is already stored, but in another stream, position or batch than this append. */
export class EventIdConflictError extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT';
  constructor(
    readonly eventId: string,
    message: string,
  ) {
    super(message);
  }
}

/** An idempotency key was reused for a different command (its fingerprint differs). */
export class IdempotencyKeyReusedError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly idempotencyKey: string) {
    super(
      `Idempotency key ${JSON.stringify(idempotencyKey)} was already used for a different command`,
    );
  }
}

/** A stored event is older than its type's current schema and no upcaster chain reaches the current one. */
export class UpcastError extends EventStoreError {
  readonly code = 'UPCAST_FAILED';
  constructor(
    readonly eventType: string,
    readonly fromSchemaVersion: number,
    readonly toSchemaVersion: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store could not be reached or lost its connection; the operation may or may not have happened. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  override readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isEventStoreError(error: unknown): error is EventStoreError {
  return error instanceof EventStoreError;
}
