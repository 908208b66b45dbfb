// Which failures pause a reactor (retried from its checkpoint) rather than park the event.
import { mongo } from 'mongoose';
import { isTransientFailure } from './transient-errors';

const withCode = (message: string, code: unknown, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('isTransientFailure', () => {
  it('pauses on a PostgreSQL connection or concurrency failure', () => {
    expect(isTransientFailure(withCode('terminating connection', '57P01'))).toBe(true);
    expect(isTransientFailure(withCode('could not serialize', '40001'))).toBe(true);
    expect(isTransientFailure(withCode('connection refused', 'ECONNREFUSED'))).toBe(true);
  });

  it('pauses when the MongoDB server is away or too slow', () => {
    expect(isTransientFailure(new mongo.MongoNetworkTimeoutError('timed out'))).toBe(true);
    expect(isTransientFailure(new mongo.MongoNetworkError('socket closed'))).toBe(true);
    const labelled = new mongo.MongoServerError({ message: 'not primary', code: 10107 });
    labelled.addErrorLabel('RetryableWriteError');
    expect(isTransientFailure(labelled)).toBe(true);
    expect(isTransientFailure(new Error('Operation `x.findOne()` buffering timed out'))).toBe(true);
  });

  it('pauses when a gRPC service is unavailable or past its deadline', () => {
    expect(isTransientFailure(withCode('14 UNAVAILABLE', 14, { metadata: {} }))).toBe(true);
    expect(isTransientFailure(withCode('4 DEADLINE_EXCEEDED', 4, { metadata: {} }))).toBe(true);
    expect(isTransientFailure(withCode('3 INVALID_ARGUMENT', 3, { metadata: {} }))).toBe(false);
  });

  it('looks through wrapped causes', () => {
    const wrapped = new Error('journey step failed', {
      cause: new mongo.MongoNetworkTimeoutError('timed out'),
    });
    expect(isTransientFailure(wrapped)).toBe(true);
  });

  it("parks what is the event's own fault", () => {
    expect(isTransientFailure(new Error('unknown journey step'))).toBe(false);
    expect(isTransientFailure(new mongo.MongoServerError({ message: 'dup', code: 11000 }))).toBe(
      false,
    );
    expect(isTransientFailure(withCode('unique_violation', '23505'))).toBe(false);
    expect(isTransientFailure('not an error')).toBe(false);
  });
});
