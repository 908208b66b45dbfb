// The platform test clock: the system clock without the switch, refused in production, and a
// moved offset seen by every clock reading the same file within the refresh interval.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OFFSET_REFRESH_MS,
  TestClockRefusedError,
  offsetFileClock,
  platformClockFrom,
  readTestClockOffset,
  writeTestClockOffset,
} from './clock-platform';

const DAY = 86_400_000;
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'test-clock-'));
  file = join(dir, 'test-clock.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const near = (actual: Date, expectedMs: number): void =>
  expect(Math.abs(actual.getTime() - expectedMs)).toBeLessThan(1000);

describe('platform clock', () => {
  it('is the system clock when the test clock is not switched on, whatever a file says', () => {
    writeTestClockOffset(file, 30 * DAY);
    near(platformClockFrom({}).now(), Date.now());
  });

  it('refuses the test clock under NODE_ENV=production', () => {
    expect(() => platformClockFrom({ CRM_TEST_CLOCK_FILE: file, NODE_ENV: 'production' })).toThrow(
      TestClockRefusedError,
    );
  });

  it('adds the offset of the file, and every clock on the file sees a move within the refresh', async () => {
    writeTestClockOffset(file, 0);
    const a = platformClockFrom({ CRM_TEST_CLOCK_FILE: file });
    const b = offsetFileClock(file);
    near(a.now(), Date.now());

    writeTestClockOffset(file, 3 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 2 * OFFSET_REFRESH_MS));
    near(a.now(), Date.now() + 3 * DAY);
    near(b.now(), Date.now() + 3 * DAY);
  });

  it('reads a missing or damaged file as no offset, and refuses to write a non-number', () => {
    expect(readTestClockOffset(join(dir, 'absent.json'))).toBe(0);
    writeFileSync(file, '{"offsetMs": "soon"');
    expect(readTestClockOffset(file)).toBe(0);
    expect(() => writeTestClockOffset(file, Number.NaN)).toThrow(RangeError);
  });
});
