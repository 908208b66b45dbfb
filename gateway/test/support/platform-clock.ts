// Moves the RUNNING platform's clock from an end-to-end test (ADR 0271): every app started by
// scripts/platform.sh with CRM_TEST_CLOCK=on reads its "now" as real time plus the offset in
// .data/run/test-clock.json (or CRM_TEST_CLOCK_FILE). After a move these wait until every process
// has read the new offset; timer workers then fire what became due within about a second. A move
// back (resetPlatformClock in an afterAll) also brings the recurring timers back to real time.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  OFFSET_REFRESH_MS,
  TEST_CLOCK_FILE_ENV,
  readTestClockOffset,
  writeTestClockOffset,
} from '@crm/event-sourcing';
import { rewindRecurringTimers } from '@crm/timers';
import { Pool } from 'pg';
import { testInfrastructure } from '@crm/testing';

/** Where scripts/platform.sh keeps the offset when started with CRM_TEST_CLOCK=on. */
export function platformClockFile(): string {
  return process.env[TEST_CLOCK_FILE_ENV] ?? resolve('.data/run/test-clock.json');
}

function existingClockFile(): string {
  const file = platformClockFile();
  if (!existsSync(file))
    throw new Error(
      `The platform has no test clock (${file} missing): start it with CRM_TEST_CLOCK=on scripts/platform.sh up`,
    );
  return file;
}

/** The platform's "now" as the apps see it. */
export function platformNow(): Date {
  return new Date(Date.now() + readTestClockOffset(existingClockFile()));
}

/** Sets the platform's "now" to an instant (forward or back); resolves once every app sees it. */
export async function setPlatformTime(instant: Date | string): Promise<void> {
  const file = existingClockFile();
  const before = platformNow();
  const target = new Date(instant);
  if (Number.isNaN(target.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  writeTestClockOffset(file, target.getTime() - Date.now());
  await new Promise((done) => setTimeout(done, 3 * OFFSET_REFRESH_MS));
  if (target < before) await rewindPlatformTimers(target);
}

async function rewindPlatformTimers(now: Date): Promise<void> {
  const { postgresUrl } = await testInfrastructure({ require: ['postgres'] });
  const pool = new Pool({ connectionString: postgresUrl, max: 1 });
  try {
    await rewindRecurringTimers(pool, now);
  } finally {
    await pool.end();
  }
}

/** Moves the platform's "now" forward by `ms`; resolves once every app sees it. */
export async function advancePlatformClock(ms: number): Promise<void> {
  await setPlatformTime(new Date(platformNow().getTime() + ms));
}

/** Back to real time (an afterAll, so the next spec starts from today). */
export async function resetPlatformClock(): Promise<void> {
  await setPlatformTime(new Date());
}
