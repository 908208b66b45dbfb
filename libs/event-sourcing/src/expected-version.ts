// Expected-version rules shared by all adapters (0 and 'no_stream' mean the same thing).
import { InvalidEventError } from './errors/event-store-errors';
import type { ExpectedVersion } from './event-store';

export function normaliseExpectedVersion(expected: ExpectedVersion): ExpectedVersion {
  if (expected === 0) return 'no_stream';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists')
    return expected;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidEventError(`Invalid expected version ${JSON.stringify(expected)}`);
  }
  return expected;
}

export function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
}
