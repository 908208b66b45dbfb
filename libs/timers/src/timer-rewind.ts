// After the platform test clock moves back (an end-to-end test resets it to real time), recurring
// timers would wait for the occurrence after the moved-to instant, maybe days away: a nightly job
// fired "tomorrow" would next run the day after. This brings each scheduled calendar timer back to
// its first occurrence at or after `now` (one-shot timers keep their instant). Test clock only.
import type { Pool } from 'pg';
import { firstDue, type StoredSchedule } from './timer-schedule';

/** Returns how many recurring timers it moved back. */
export async function rewindRecurringTimers(pool: Pool, now: Date): Promise<number> {
  const { rows } = await pool.query<{ id: string; schedule: StoredSchedule; due_at: Date }>(
    `SELECT id, schedule, due_at FROM timers.timers
     WHERE status = 'scheduled' AND schedule ? 'cron' AND due_at > $1
       AND (lease_until IS NULL OR lease_until <= clock_timestamp())`,
    [now],
  );
  const moved = rows
    .map((r) => ({ id: r.id, due: firstDue(r.schedule, now), was: r.due_at }))
    .filter((r) => r.due.getTime() < r.was.getTime());
  if (moved.length === 0) return 0;
  await pool.query(
    `UPDATE timers.timers t SET due_at = u.due, next_attempt_at = u.due, attempts = 0
     FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, due)
     WHERE t.id = u.id AND t.status = 'scheduled'`,
    [moved.map((r) => r.id), moved.map((r) => r.due)],
  );
  return moved.length;
}
