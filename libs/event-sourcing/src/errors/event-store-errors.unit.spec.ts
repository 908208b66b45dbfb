// Error codes are a contract with services (mapped to gRPC/GraphQL errors): they must not change.
import * as errors from './event-store-errors';

const instances: Array<[errors.EventStoreError, string]> = [
  [new errors.WrongExpectedVersionError('s.S-1', 2, 3), 'WRONG_EXPECTED_VERSION'],
  [new errors.ConcurrencyError('s.S-1', 4), 'CONCURRENCY_CONFLICT'],
  [new errors.InvalidStreamIdError('x'), 'INVALID_STREAM_ID'],
  [new errors.UnknownEventTypeError('s.Nope'), 'UNKNOWN_EVENT_TYPE'],
  [new errors.InvalidEventError('bad'), 'INVALID_EVENT'],
  [new errors.InvalidEventDataError('s.T', 'e', ['/a must be string']), 'INVALID_EVENT_DATA'],
  [new errors.EventTooLargeError('e', 10, 5), 'EVENT_TOO_LARGE'],
  [new errors.NonSerialisablePayloadError('e', 'data.a', 'BigInt'), 'NON_SERIALISABLE_PAYLOAD'],
  [new errors.StreamDeletedError('s.S-1'), 'STREAM_DELETED'],
  [new errors.TenantMismatchError('s.S-1', 't'), 'TENANT_MISMATCH'],
  [new errors.EventIdConflictError('e', 'clash'), 'EVENT_ID_CONFLICT'],
  [new errors.IdempotencyKeyReusedError('k'), 'IDEMPOTENCY_KEY_REUSED'],
  [new errors.UpcastError('s.T', 1, 2, 'missing'), 'UPCAST_FAILED'],
  [new errors.EventStoreUnavailableError('down'), 'STORE_UNAVAILABLE'],
];

describe('event store errors', () => {
  it.each(instances)('%s has its stable code and is an EventStoreError', (error, code) => {
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(errors.EventStoreError);
    expect(errors.isEventStoreError(error)).toBe(true);
    expect(error.name).toBe(error.constructor.name);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('marks only unavailability as retriable', () => {
    expect(instances.filter(([e]) => e.retriable).map(([, code]) => code)).toEqual([
      'STORE_UNAVAILABLE',
    ]);
  });

  it('says what a version conflict was about', () => {
    expect(new errors.WrongExpectedVersionError('sales.Lead-1', 'no_stream', 3).message).toBe(
      'Stream sales.Lead-1 is at version 3, expected no_stream',
    );
  });
});
