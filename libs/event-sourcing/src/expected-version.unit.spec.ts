import { InvalidEventError } from './errors/event-store-errors';
import { normaliseExpectedVersion, versionMatches } from './expected-version';

describe('expected versions', () => {
  it.each<[Parameters<typeof versionMatches>[0], number, boolean]>([
    ['any', 0, true],
    ['any', 7, true],
    ['no_stream', 0, true],
    ['no_stream', 1, false],
    ['stream_exists', 0, false],
    ['stream_exists', 3, true],
    [3, 3, true],
    [3, 4, false],
  ])('%j against version %i → %j', (expected, actual, result) => {
    expect(versionMatches(expected, actual)).toBe(result);
  });

  it('treats 0 as no_stream and refuses nonsense', () => {
    expect(normaliseExpectedVersion(0)).toBe('no_stream');
    expect(() => normaliseExpectedVersion(-1)).toThrow(InvalidEventError);
    expect(() => normaliseExpectedVersion(1.5)).toThrow(InvalidEventError);
    expect(() => normaliseExpectedVersion('latest' as never)).toThrow(InvalidEventError);
  });
});
