// Fires the owner's due timers without holding a transaction while it fires (ADR 0270). A batch is
// claimed with a lease in one short statement (`lease_owner`, `lease_until` on PostgreSQL's own
// clock, `FOR UPDATE SKIP LOCKED` only inside that statement); the commands are sent outside any
// transaction; the outcome (next due instant, done, or a retry later) is recorded in another short
// statement, only for the rows this claim still holds. A worker that dies mid-fire leaves its rows
// leased until `lease_until`; then any worker re-claims them and fires again with the same
// idempotency key `timer:<id>:<due instant>`, so the effect stays single. "Now" (what is due) comes
// from the injected clock: tests advance it instead of sleeping; the lease is real time, so a test
// clock jump never expires a lease early.
import { randomUUID } from 'node:crypto';
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
  /** Timers claimed at once (default 200). */
  readonly batchSize?: number;
  /** Commands sent at once within a batch (default 16). */
  readonly concurrency?: number;
  /** Longest idle wait before looking for timers scheduled meanwhile (default 200 ms, at most 1 s). */
  readonly pollIntervalMs?: number;
  /** Failed firings before the timer is marked `failed` (default 10). */
  readonly maxAttempts?: number;
  /** Delay before the n-th retry (default 1 s × 2^(n−1), at most 10 min). */
  readonly retryDelayMs?: (attempt: number) => number;
  /**
   * How long a claim is this worker's alone (default 60 s, real time): after it, a worker that died
   * mid-fire has its timers fired again. Longer than a batch's firing normally takes.
   */
  readonly leaseMs?: number;
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

/** The idle wait is capped so a worker notices a moved (test) clock within about a second. */
const MAX_IDLE_WAIT_MS = 1000;

export class TimerWorker {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly leaseMs: number;
  private readonly workerId = randomUUID();
  private claims = 0;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(private readonly options: TimerWorkerOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.concurrency = options.concurrency ?? 16;
    this.pollIntervalMs = Math.min(options.pollIntervalMs ?? 200, MAX_IDLE_WAIT_MS);
    this.maxAttempts = options.maxAttempts ?? 10;
    this.retryDelayMs =
      options.retryDelayMs ?? ((attempt) => Math.min(600_000, 1000 * 2 ** (attempt - 1)));
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Claims and fires one batch of timers due now (by the clock); returns how many it took. */
  async fireDue(): Promise<number> {
    const now = this.options.clock.now();
    const lease = `${this.workerId}#${++this.claims}`;
    const rows = await this.claim(lease, now);
    if (rows.length === 0) return 0;
    const results = await this.fireAll(rows, now);
    await this.record(lease, results, now);
    return rows.length;
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

  // One statement, so one short transaction: the row locks of SKIP LOCKED last only while it runs.
  private async claim(lease: string, now: Date): Promise<ClaimedRow[]> {
    const { rows } = await this.options.pool.query<ClaimedRow>(
      `UPDATE timers.timers t SET lease_owner = $4,
              lease_until = clock_timestamp() + make_interval(secs => $5::double precision / 1000)
       FROM (SELECT id FROM timers.timers
             WHERE owner = $1 AND status = 'scheduled' AND next_attempt_at <= $2
               AND (lease_until IS NULL OR lease_until <= clock_timestamp())
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
       WHERE t.id = c.id
       RETURNING t.id, t.tenant_id, t.key, t.command, t.schedule, t.due_at, t.attempts`,
      [this.options.owner, now, this.batchSize, lease, this.leaseMs],
    );
    return rows;
  }

  private async idleWaitMs(): Promise<number> {
    // Timers another worker holds are not ours to wait for: their holder records them.
    const { rows } = await this.options.pool.query<{ next: Date | null }>(
      `SELECT min(next_attempt_at) AS next FROM timers.timers
       WHERE owner = $1 AND status = 'scheduled'
         AND (lease_until IS NULL OR lease_until <= clock_timestamp())`,
      [this.options.owner],
    );
    const next = rows[0]?.next;
    if (!next) return this.pollIntervalMs;
    const untilDue = next.getTime() - this.options.clock.now().getTime();
    return Math.max(0, Math.min(this.pollIntervalMs, untilDue));
  }

  // What was due first takes effect first, as if no time had been skipped (a contract's renewal
  // notice before its end when the clock passes both at once): within a tenant, timers due at a
  // later instant start once those due earlier have finished. Waves keep tenants in parallel.
  private async fireAll(rows: readonly ClaimedRow[], now: Date): Promise<Result[]> {
    const results: Result[] = [];
    for (const wave of inDueOrderPerTenant(rows)) {
      let index = 0;
      const lane = async (): Promise<void> => {
        while (index < wave.length) {
          const row = wave[index++]!;
          results.push(await this.fireOne(row, now));
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, wave.length) }, lane));
    }
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

  // Only rows this claim still holds: a timer moved, cancelled or re-claimed (lease expired) since
  // is left to whoever holds it now. Each statement is its own short transaction.
  private async record(lease: string, results: readonly Result[], now: Date): Promise<void> {
    const fired = results.filter((r): r is { id: string; next: Date | null } => 'next' in r);
    const failed = results.filter(
      (r): r is { id: string; error: string; attempts: number } => 'error' in r,
    );
    if (fired.length > 0) {
      await this.options.pool.query(
        `UPDATE timers.timers t SET
           status = CASE WHEN u.next_due IS NULL THEN 'done' ELSE 'scheduled' END,
           due_at = COALESCE(u.next_due, t.due_at), next_attempt_at = COALESCE(u.next_due, t.next_attempt_at),
           fired_count = t.fired_count + 1, last_fired_at = $3, attempts = 0, last_error = NULL,
           updated_at = $3, lease_owner = NULL, lease_until = NULL
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, next_due)
         WHERE t.id = u.id AND t.lease_owner = $4`,
        [fired.map((r) => r.id), fired.map((r) => r.next), now, lease],
      );
    }
    if (failed.length > 0) {
      await this.options.pool.query(
        `UPDATE timers.timers t SET attempts = u.attempts, last_error = u.error,
           next_attempt_at = u.retry_at,
           status = CASE WHEN u.attempts >= $5 THEN 'failed' ELSE t.status END, updated_at = $6,
           lease_owner = NULL, lease_until = NULL
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[]) AS u(id, attempts, error, retry_at)
         WHERE t.id = u.id AND t.lease_owner = $7`,
        [
          failed.map((r) => r.id),
          failed.map((r) => r.attempts),
          failed.map((r) => r.error),
          failed.map((r) => new Date(now.getTime() + this.retryDelayMs(r.attempts))),
          this.maxAttempts,
          now,
          lease,
        ],
      );
    }
  }
}

/** Wave k holds each tenant's timers due at its k-th earliest instant of the batch. */
function inDueOrderPerTenant(rows: readonly ClaimedRow[]): ClaimedRow[][] {
  const instantsByTenant = new Map<string, number[]>();
  for (const row of rows) {
    const instants = instantsByTenant.get(row.tenant_id) ?? [];
    if (!instants.includes(row.due_at.getTime())) instants.push(row.due_at.getTime());
    instantsByTenant.set(row.tenant_id, instants);
  }
  for (const instants of instantsByTenant.values()) instants.sort((a, b) => a - b);
  const waves: ClaimedRow[][] = [];
  for (const row of rows) {
    const rank = instantsByTenant.get(row.tenant_id)!.indexOf(row.due_at.getTime());
    (waves[rank] ??= []).push(row);
  }
  return waves;
}
