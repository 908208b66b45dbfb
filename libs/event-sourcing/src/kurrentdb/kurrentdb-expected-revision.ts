// The port's expected versions (1-based stream versions, 'no_stream' = 0) mapped onto KurrentDB's
// stream states (0-based revisions, NO_STREAM, STREAM_EXISTS, ANY).
//
// The adapter itself always appends with the exact revision it read, because it must chain each
// event's hash to the previous one; the caller's expectation is checked against that revision
// first (`expectationHolds`). `toStreamState` is the direct mapping, used where no hash is involved
// (tombstoning) and documented here as the contract between the two numbering schemes.
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendStreamState,
  type StreamState,
} from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '../event-store';
import { normaliseExpectedVersion, versionMatches } from '../expected-version';
import { versionToRevision } from './kurrentdb-event.mapper';

export function toAppendStreamState(expected: ExpectedVersion): AppendStreamState {
  const normalised = normaliseExpectedVersion(expected);
  switch (normalised) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return versionToRevision(normalised);
  }
}

/** For operations whose options only take a StreamState (no STREAM_EXISTS), e.g. tombstoneStream. */
export function toStreamState(expected: ExpectedVersion): StreamState | undefined {
  const state = toAppendStreamState(expected);
  return state === STREAM_EXISTS ? undefined : state;
}

/** The exact state of a stream whose current version is `version` (0 = no events). */
export function exactStreamState(version: number): StreamState {
  return version === 0 ? NO_STREAM : versionToRevision(version);
}

/** KurrentDB's view of a stream's state back to an envelope version (NO_STREAM / negative = 0). */
export function streamStateToVersion(state: unknown): number {
  if (typeof state === 'bigint') return state < 0n ? 0 : Number(state) + 1;
  return 0;
}

export function expectationHolds(expected: ExpectedVersion, currentVersion: number): boolean {
  return versionMatches(normaliseExpectedVersion(expected), currentVersion);
}
