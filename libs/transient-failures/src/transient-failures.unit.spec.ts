// Which failures pause a reactor or retry a read-model batch rather than park the event.
import { mongo } from 'mongoose';
import { isTransientFailure, isTransientMongoFailure } from './index';

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
    // A server shutting down answers code 91 without a retry label (the reactors missed it once).
    const shutdown = new mongo.MongoServerError({ message: 'shutting down', code: 91 });
    expect(isTransientFailure(shutdown)).toBe(true);
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

describe('isTransientMongoFailure', () => {
  it('knows the driver classes and their subclasses without importing the driver', () => {
    expect(isTransientMongoFailure(new mongo.MongoNetworkTimeoutError('timed out'))).toBe(true);
    expect(isTransientMongoFailure(new mongo.MongoNotConnectedError('not connected'))).toBe(true);
    expect(isTransientMongoFailure(new mongo.MongoTopologyClosedError())).toBe(true);
  });

  it('knows the server codes of shutdown, step-down and time-outs', () => {
    // 91 ShutdownInProgress and 11602 InterruptedDueToReplStateChange come without a label.
    expect(
      isTransientMongoFailure(new mongo.MongoServerError({ message: 'shutting down', code: 91 })),
    ).toBe(true);
    expect(
      isTransientMongoFailure(new mongo.MongoServerError({ message: 'interrupted', code: 11602 })),
    ).toBe(true);
    const pool = new mongo.MongoServerError({ message: 'reset', code: 1 });
    pool.addErrorLabel('ResetPool');
    expect(isTransientMongoFailure(pool)).toBe(true);
  });

  it('leaves what the operation itself got wrong', () => {
    expect(
      isTransientMongoFailure(new mongo.MongoServerError({ message: 'dup', code: 11000 })),
    ).toBe(false);
    expect(isTransientMongoFailure(new mongo.MongoServerError({ message: 'bad', code: 2 }))).toBe(
      false,
    );
    // A gRPC or PostgreSQL numeric/textual code is not a MongoDB server code.
    expect(isTransientMongoFailure(Object.assign(new Error('x'), { code: 91 }))).toBe(false);
    expect(isTransientMongoFailure('away')).toBe(false);
  });
});
