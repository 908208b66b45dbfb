// The platform test clock (ADR 0271): every app's "now" is the system clock plus an offset that an
// end-to-end test moves for all processes at once. The offset lives in one small JSON file named
// by CRM_TEST_CLOCK_FILE (scripts/platform.sh sets it only when started with CRM_TEST_CLOCK=on);
// each process re-reads it at most every OFFSET_REFRESH_MS, synchronously inside `now()`, so a
// process sees a move within that time of its next reading, whatever its event loop is doing.
// Without the variable `now()` is the system clock, and NODE_ENV=production refuses the variable.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from './clock';

export const TEST_CLOCK_FILE_ENV = 'CRM_TEST_CLOCK_FILE';
/** How stale a process's view of the offset may be; writers wait twice this before relying on it. */
export const OFFSET_REFRESH_MS = 100;

export class TestClockRefusedError extends Error {
  constructor() {
    super(
      `${TEST_CLOCK_FILE_ENV} is set while NODE_ENV=production: the test clock is for tests only`,
    );
    this.name = 'TestClockRefusedError';
  }
}

interface TestClockState {
  readonly offsetMs: number;
}

/** The offset stored in the file; 0 when it is missing or unreadable (never a crash in `now()`). */
export function readTestClockOffset(file: string): number {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<TestClockState>;
    return typeof state.offsetMs === 'number' && Number.isFinite(state.offsetMs)
      ? state.offsetMs
      : 0;
  } catch {
    return 0;
  }
}

/** Replaces the offset atomically (write then rename): a reader never sees half a file. */
export function writeTestClockOffset(file: string, offsetMs: number): void {
  if (!Number.isFinite(offsetMs)) throw new RangeError(`offset must be a finite number of ms`);
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify({ offsetMs } satisfies TestClockState));
  renameSync(next, file);
}

/** A clock that adds the file's offset to the system clock. */
export function offsetFileClock(file: string): Clock {
  let offsetMs = readTestClockOffset(file);
  let readAt = Date.now();
  return {
    now: () => {
      const real = Date.now();
      if (real - readAt >= OFFSET_REFRESH_MS) {
        offsetMs = readTestClockOffset(file);
        readAt = real;
      }
      return new Date(real + offsetMs);
    },
  };
}

/** The platform's clock for this environment: the system clock, or the test clock when switched on. */
export function platformClockFrom(env: Readonly<Record<string, string | undefined>>): Clock {
  const file = env[TEST_CLOCK_FILE_ENV];
  if (!file) return { now: () => new Date() };
  if (env['NODE_ENV'] === 'production') throw new TestClockRefusedError();
  return offsetFileClock(file);
}
