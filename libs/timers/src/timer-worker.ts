// Fires the owner's due timers. A batch is claimed with `FOR UPDATE SKIP LOCKED` inside one
// transaction that stays open while its commands are sent and commits the outcome (next due
// instant, done, or a retry later): competing workers never take the same timer, and a worker that
// dies mid-fire leaves its rows unclaimed again when PostgreSQL aborts the transaction. The command
// carries the idempotency key `timer:<id>:<due instant>`, so firing again after such a crash has no
// second effect. "Now" comes from the injected clock: tests advance it instead of sleeping.
import type { Actor, Clock } from '@crm/event-sourcing';
import { Backoff, errorMessage, sleep, type Logger } from '@crm/messaging';
import type { Pool } from 'pg';
import { nextDue, type StoredSchedule } from './timer-schedule';
import type { TimerCommand } from './timer-scheduler';

export interface TimerFiring {
  readonly timerId: string;
  readonly tenantId: string;
  readonly key: string;
  readonly command: TimerCommand;
  /** The instant it was due (not when it fired). */
  readonly dueAt: Date;
  /** `timer:<id>:<due instant>`: pass it on as the command's idempotency key. */
  readonly idempotencyKey: string;
  /** The worker's service identity: the actor of what the command causes. */
  readonly actor: Extract<Actor, { kind: 'system' }>;
}

export interface TimerWorkerOptions {
  readonly pool: Pool;
  /** Whose timers it fires (the scheduler's owner). */
  readonly owner: string;
  /** Service identity, e.g. `customers.timers`. */
  readonly actorName: string;
  readonly clock: Clock;
  /** Sends the command. Throwing retries the firing later (same idempotency key). */
  readonly fire: (firing: TimerFiring) => Promise<void>;
  readonly logger: Logger;
  /** Timers claimed per transaction (default 200). */
  readonly batchSize?: number;
  /** Commands sent at once within a batch (default 16). */
  readonly concurrency?: number;
  /** Longest idle wait before looking for timers scheduled meanwhile (default 200 ms). */
  readonly pollIntervalMs?: number;
  /** Failed firings before the timer is marked `failed` (default 10). */
  readonly maxAttempts?: number;
  /** Delay before the n-th retry (default 1 s × 2^(n−1), at most 10 min). */
  readonly retryDelayMs?: (attempt: number) => number;
}

interface ClaimedRow {
  id: string;
  tenant_id: string;
  key: string;
  command: TimerCommand;
  schedule: StoredSchedule;
  due_at: Date;
  attempts: number;
}

type Result = { id: string; next: Date | null } | { id: string; error: string; attempts: number };

export class TimerWorker {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(private readonly options: TimerWorkerOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.concurrency = options.concurrency ?? 16;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.retryDelayMs =
      options.retryDelayMs ?? ((attempt) => Math.min(600_000, 1000 * 2 ** (attempt - 1)));
  }

  /** Claims and fires one batch of timers due now (by the clock); returns how many it took. */
  async fireDue(): Promise<number> {
    const client = await this.options.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const now = this.options.clock.now();
      const { rows } = await client.query<ClaimedRow>(
        `SELECT id, tenant_id, key, command, schedule, due_at, attempts FROM timers.timers
         WHERE owner = $1 AND status = 'scheduled' AND next_attempt_at <= $2
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [this.options.owner, now, this.batchSize],
      );
      const results = await this.fireAll(rows, now);
      await this.record(client, results, now);
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      broken = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Fires until nothing is due now; returns how many timers it took. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.fireDue();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** Runs until stop(): fires what is due, then sleeps until the next due instant (or the poll interval). */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 10_000 });
    this.loop = (async () => {
      while (!signal.aborted) {
        try {
          await this.drain();
          backoff.reset();
          await sleep(await this.idleWaitMs(), signal);
        } catch (error) {
          const delay = backoff.next();
          this.options.logger.error(
            { owner: this.options.owner, err: errorMessage(error), retryInMs: delay },
            'timer worker failed; retrying',
          );
          await sleep(delay, signal);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async idleWaitMs(): Promise<number> {
    const { rows } = await this.options.pool.query<{ next: Date | null }>(
      `SELECT min(next_attempt_at) AS next FROM timers.timers WHERE owner = $1 AND status = 'scheduled'`,
      [this.options.owner],
    );
    const next = rows[0]?.next;
    if (!next) return this.pollIntervalMs;
    const untilDue = next.getTime() - this.options.clock.now().getTime();
    return Math.max(0, Math.min(this.pollIntervalMs, untilDue));
  }

  private async fireAll(rows: readonly ClaimedRow[], now: Date): Promise<Result[]> {
    const results: Result[] = [];
    let index = 0;
    const lane = async (): Promise<void> => {
      while (index < rows.length) {
        const row = rows[index++]!;
        results.push(await this.fireOne(row, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, lane));
    return results;
  }

  private async fireOne(row: ClaimedRow, now: Date): Promise<Result> {
    const dueAt = row.due_at;
    try {
      await this.options.fire({
        timerId: row.id,
        tenantId: row.tenant_id,
        key: row.key,
        command: row.command,
        dueAt,
        idempotencyKey: `timer:${row.id}:${dueAt.toISOString()}`,
        actor: { kind: 'system', name: this.options.actorName },
      });
      // A recurring timer that fired late continues after now: missed occurrences are not replayed.
      const after = dueAt.getTime() > now.getTime() ? dueAt : now;
      return { id: row.id, next: nextDue(row.schedule, after) ?? null };
    } catch (error) {
      this.options.logger.warn(
        { owner: this.options.owner, timerId: row.id, key: row.key, err: errorMessage(error) },
        'timer firing failed; it will be retried',
      );
      return { id: row.id, error: errorMessage(error), attempts: row.attempts + 1 };
    }
  }

  private async record(
    client: { query: Pool['query'] },
    results: readonly Result[],
    now: Date,
  ): Promise<void> {
    const fired = results.filter((r): r is { id: string; next: Date | null } => 'next' in r);
    const failed = results.filter(
      (r): r is { id: string; error: string; attempts: number } => 'error' in r,
    );
    if (fired.length > 0) {
      await client.query(
        `UPDATE timers.timers t SET
           status = CASE WHEN u.next_due IS NULL THEN 'done' ELSE 'scheduled' END,
           due_at = COALESCE(u.next_due, t.due_at), next_attempt_at = COALESCE(u.next_due, t.next_attempt_at),
           fired_count = t.fired_count + 1, last_fired_at = $3, attempts = 0, last_error = NULL,
           updated_at = $3
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, next_due) WHERE t.id = u.id`,
        [fired.map((r) => r.id), fired.map((r) => r.next), now],
      );
    }
    if (failed.length > 0) {
      await client.query(
        `UPDATE timers.timers t SET attempts = u.attempts, last_error = u.error,
           next_attempt_at = u.retry_at,
           status = CASE WHEN u.attempts >= $5 THEN 'failed' ELSE t.status END, updated_at = $6
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[]) AS u(id, attempts, error, retry_at)
         WHERE t.id = u.id`,
        [
          failed.map((r) => r.id),
          failed.map((r) => r.attempts),
          failed.map((r) => r.error),
          failed.map((r) => new Date(now.getTime() + this.retryDelayMs(r.attempts))),
          this.maxAttempts,
          now,
        ],
      );
    }
  }
}
