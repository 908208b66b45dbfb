// Schedules, moves and cancels timers by business key (`birthday:<customerId>`,
// `quote-expiry:<quoteId>`): what a context calls from its handlers when events say a time is set,
// changed or no longer relevant. Scheduling a key again replaces its schedule and command.
import type { RuntimeDependencies } from '@crm/event-sourcing';
import type { Pool } from 'pg';
import {
  InvalidTimerError,
  firstDue,
  parseSchedule,
  type StoredSchedule,
  type TimerSchedule,
} from './timer-schedule';

/** The command a timer sends when due: plain JSON, handed back to the owner's `fire` as stored. */
export interface TimerCommand {
  readonly type: string;
  readonly data: unknown;
}

export interface ScheduleTimer {
  readonly tenantId: string;
  /** Unique per owner and tenant; names what the timer is for. */
  readonly key: string;
  readonly command: TimerCommand;
  readonly schedule: TimerSchedule;
}

export type TimerStatus = 'scheduled' | 'done' | 'cancelled' | 'failed';

export interface TimerView {
  readonly id: string;
  readonly tenantId: string;
  readonly key: string;
  readonly command: TimerCommand;
  readonly schedule: StoredSchedule;
  readonly status: TimerStatus;
  readonly dueAt: Date;
  readonly firedCount: number;
  readonly attempts: number;
  readonly lastError: string | null;
}

const MAX_KEY = 200;

interface PreparedTimer {
  readonly id: string;
  readonly tenantId: string;
  readonly key: string;
  readonly command: string;
  readonly schedule: string;
  readonly dueAt: Date;
}

export class TimerScheduler {
  constructor(
    private readonly pool: Pool,
    /** The context (or worker group) whose worker fires these timers, e.g. `customers`. */
    private readonly owner: string,
    /** The clock (due instants are computed from it) and the id generator. */
    private readonly clock: RuntimeDependencies,
  ) {}

  /** Creates the timer, or replaces the schedule and command of the key's timer. Returns its due instant. */
  async schedule(timer: ScheduleTimer): Promise<Date> {
    await this.scheduleMany([timer]);
    return this.prepare(timer).dueAt;
  }

  /** Many timers in one statement (a nightly job for every tenant, a bulk import). */
  async scheduleMany(timers: readonly ScheduleTimer[]): Promise<void> {
    if (timers.length === 0) return;
    // One row per key (the last one wins): a statement may not upsert the same row twice.
    const byKey = new Map(timers.map((t) => [`${t.tenantId}\0${t.key}`, this.prepare(t)]));
    const rows = [...byKey.values()];
    const now = this.clock.now();
    await this.pool.query(
      `INSERT INTO timers.timers (id, owner, tenant_id, key, command, schedule, due_at, next_attempt_at,
                                  status, created_at, updated_at)
       SELECT u.id, $1, u.tenant_id, u.key, u.command, u.schedule, u.due_at, u.due_at, 'scheduled', $2, $2
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
            AS u(id, tenant_id, key, command, schedule, due_at)
       ON CONFLICT (owner, tenant_id, key) DO UPDATE SET
         -- A timer that already ran or was cancelled gets a new id: its next firing is a new effect.
         id = CASE WHEN timers.timers.status = 'scheduled' THEN timers.timers.id ELSE EXCLUDED.id END,
         command = EXCLUDED.command, schedule = EXCLUDED.schedule, due_at = EXCLUDED.due_at,
         next_attempt_at = EXCLUDED.due_at, status = 'scheduled', attempts = 0, last_error = NULL,
         updated_at = EXCLUDED.updated_at, lease_owner = NULL, lease_until = NULL`,
      [
        this.owner,
        now,
        rows.map((r) => r.id),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.key),
        rows.map((r) => r.command),
        rows.map((r) => r.schedule),
        rows.map((r) => r.dueAt),
      ],
    );
  }

  /** Moves a scheduled timer; false when the key has no scheduled timer (done, cancelled, unknown). */
  async reschedule(tenantId: string, key: string, schedule: TimerSchedule): Promise<boolean> {
    const stored = parseSchedule(schedule);
    const dueAt = firstDue(stored, this.clock.now());
    const { rowCount } = await this.pool.query(
      `UPDATE timers.timers SET schedule = $4, due_at = $5, next_attempt_at = $5, attempts = 0,
              last_error = NULL, updated_at = $6, lease_owner = NULL, lease_until = NULL
       WHERE owner = $1 AND tenant_id = $2 AND key = $3 AND status = 'scheduled'`,
      [this.owner, tenantId, key, JSON.stringify(stored), dueAt, this.clock.now()],
    );
    return rowCount === 1;
  }

  /**
   * Cancels a scheduled timer; false when there was none. A firing in progress still sends its
   * command (moving or cancelling drops the firing worker's lease, so it records nothing).
   */
  async cancel(tenantId: string, key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE timers.timers SET status = 'cancelled', updated_at = $4, lease_owner = NULL, lease_until = NULL
       WHERE owner = $1 AND tenant_id = $2 AND key = $3 AND status = 'scheduled'`,
      [this.owner, tenantId, key, this.clock.now()],
    );
    return rowCount === 1;
  }

  async get(tenantId: string, key: string): Promise<TimerView | undefined> {
    const { rows } = await this.pool.query<{
      id: string;
      tenant_id: string;
      key: string;
      command: TimerCommand;
      schedule: StoredSchedule;
      status: TimerStatus;
      due_at: Date;
      fired_count: number;
      attempts: number;
      last_error: string | null;
    }>(
      `SELECT id, tenant_id, key, command, schedule, status, due_at, fired_count, attempts, last_error
       FROM timers.timers WHERE owner = $1 AND tenant_id = $2 AND key = $3`,
      [this.owner, tenantId, key],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          tenantId: r.tenant_id,
          key: r.key,
          command: r.command,
          schedule: r.schedule,
          status: r.status,
          dueAt: r.due_at,
          firedCount: r.fired_count,
          attempts: r.attempts,
          lastError: r.last_error,
        }
      : undefined;
  }

  private prepare(timer: ScheduleTimer): PreparedTimer {
    if (typeof timer.tenantId !== 'string' || timer.tenantId === '')
      throw new InvalidTimerError('tenantId', 'is required');
    if (typeof timer.key !== 'string' || timer.key === '' || timer.key.length > MAX_KEY)
      throw new InvalidTimerError('key', `must be 1 to ${MAX_KEY} characters`);
    if (typeof timer.command?.type !== 'string' || timer.command.type === '')
      throw new InvalidTimerError('command.type', 'is required');
    const schedule = parseSchedule(timer.schedule);
    return {
      id: this.clock.newId(),
      tenantId: timer.tenantId,
      key: timer.key,
      command: JSON.stringify(timer.command),
      schedule: JSON.stringify(schedule),
      dueAt: firstDue(schedule, this.clock.now()),
    };
  }
}
