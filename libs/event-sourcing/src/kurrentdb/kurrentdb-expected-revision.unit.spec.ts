import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { InvalidEventError } from '../errors/event-store-errors';
import {
  exactStreamState,
  expectationHolds,
  streamStateToVersion,
  toAppendStreamState,
  toStreamState,
} from './kurrentdb-expected-revision';

describe('expected version → KurrentDB stream state', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    [0, NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [1, 0n],
    [42, 41n],
  ] as const)('%p → %p', (expected, state) => {
    expect(toAppendStreamState(expected)).toBe(state);
  });

  it('has no STREAM_EXISTS for operations that only take a StreamState', () => {
    expect(toStreamState('stream_exists')).toBeUndefined();
    expect(toStreamState(3)).toBe(2n);
  });

  it('rejects versions that are not non-negative integers', () => {
    expect(() => toAppendStreamState(-1)).toThrow(InvalidEventError);
    expect(() => toAppendStreamState(1.5)).toThrow(InvalidEventError);
  });

  it('maps exact stream states and KurrentDB current states both ways', () => {
    expect(exactStreamState(0)).toBe(NO_STREAM);
    expect(exactStreamState(5)).toBe(4n);
    expect(streamStateToVersion(4n)).toBe(5);
    expect(streamStateToVersion(NO_STREAM)).toBe(0);
    expect(streamStateToVersion(-5n)).toBe(0); // deleted
  });

  it.each([
    ['any', 0, true],
    ['no_stream', 0, true],
    ['no_stream', 1, false],
    ['stream_exists', 0, false],
    ['stream_exists', 3, true],
    [3, 3, true],
    [3, 4, false],
  ] as const)('expectation %p at version %p holds: %p', (expected, version, holds) => {
    expect(expectationHolds(expected, version)).toBe(holds);
  });
});
