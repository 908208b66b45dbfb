// T1: durable timers (libs/timers). (a) 100,000 timers due at the same instant: 4 workers (own
// pools, SKIP LOCKED, batches of 500) drain them; the figures are the firing rate and the time to
// drain, and every timer must have fired exactly once. (b) At idle, one worker running its loop:
// timers due over the next seconds, half scheduled up front and half while the worker sleeps; the
// figure is the lateness (fired − due instant), p99. The burst is measured twice: with a no-op
// firing (the timer machinery alone) and with a real command per firing (load + append with the
// firing's idempotency key on the event store), which is what a context pays.
import {
  CommandHandler,
  PostgresEventStore,
  systemRuntime,
  type Decider,
} from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import {
  TimerScheduler,
  TimerWorker,
  migrateTimersSchema,
  type ScheduleTimer,
  type TimerFiring,
} from '@crm/timers';
import { LatencyHistogram, type LatencySummary } from '../harness/histogram';
import { benchPool, recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { perSecond } from '../harness/stats';
import { sleep } from '../harness/timer';

const DATABASE = 'crm_bench_timers';
const OWNER = 'bench';
const WORKERS = 4;
const BATCH = 500;
const SCHEDULE_CHUNK = 5000;

type Fire = (firing: TimerFiring) => Promise<void>;
type Reminded = { type: 'bench.Reminded'; data: { key: string } };
const reminder: Decider<number, { key: string }, Reminded> = {
  initialState: 0,
  decide: (command) => [{ type: 'bench.Reminded', data: command }],
  evolve: (count) => count + 1,
};

export const t1Timers: Scenario = {
  id: 'T1',
  title: 'Durable timers: 100,000 due at once (timers/s, drain) and idle lateness (p99)',
  goal: 'all 100,000 fire exactly once; idle lateness p99 < 1 s',
  baseline: 'none: both goals are absolute',
  workDatabases: [DATABASE],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const burst = ctx.size(report, 'timers due at the same instant', 100_000, 100_000);
    const withCommands = ctx.size(
      report,
      'timers due at the same instant, each sending a command',
      10_000,
      100_000,
    );
    const idle = ctx.size(report, 'idle timers per run', 100, 300);
    const url = await recreateDatabase(ctx.connections.postgresUrl, DATABASE);
    const pool = benchPool(url, 4);
    await migrateTimersSchema(pool);
    const store = await PostgresEventStore.create({
      connectionString: url,
      eventTypes: [{ type: 'bench.Reminded', schemaVersion: 1 }],
      poolConfig: { max: 16 },
    });
    const handler = new CommandHandler({ decider: reminder, store, runtime: systemRuntime });
    const sendCommand: Fire = async (firing) => {
      await handler.handle(
        `bench.Reminder-${firing.key}`,
        { key: firing.key },
        { tenantId: firing.tenantId, actor: firing.actor, idempotencyKey: firing.idempotencyKey },
      );
    };
    report.setting('burst', {
      workers: WORKERS,
      batchSize: BATCH,
      poolPerWorker: 2,
      fire: 'no-op (counts the firing); then one command per firing (event store pool of 16)',
    });
    report.setting('idle', { workers: 1, pollIntervalMs: 200, spreadSeconds: 10 });
    try {
      const rates: number[] = [];
      const drains: number[] = [];
      const duplicates: number[] = [];
      const lateness: LatencySummary[] = [];
      const commandRates: number[] = [];
      const commandDrains: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const b = await burstRun(url, pool, burst);
        rates.push(b.rate);
        drains.push(b.drainSeconds);
        const c = await burstRun(url, pool, withCommands, sendCommand);
        commandRates.push(c.rate);
        commandDrains.push(c.drainSeconds);
        duplicates.push(b.duplicates + b.missing, c.duplicates + c.missing);
        const l = await idleRun(pool, idle);
        lateness.push(l);
        ctx.log(
          `run ${run + 1}/${ctx.runs}: ${burst} due at once drained in ${b.drainSeconds.toFixed(1)} s ` +
            `(${b.rate.toFixed(0)} timers/s, duplicates ${b.duplicates}, missing ${b.missing}); ` +
            `${withCommands} with commands in ${c.drainSeconds.toFixed(1)} s (${c.rate.toFixed(0)}/s); ` +
            `idle lateness p99 ${l.p99Ms} ms (max ${l.maxMs} ms)`,
        );
      }
      report.measure('burst.rate', 'ours', `${burst} timers due at once`, 'timers/s', rates);
      report.measure('burst.drain', 'ours', `time to drain ${burst} timers`, 's', drains);
      report.measure(
        'burst.commands.rate',
        'ours',
        `${withCommands} timers due at once, one command each`,
        'timers/s',
        commandRates,
      );
      report.measure(
        'burst.commands.drain',
        'ours',
        `time to drain ${withCommands} timers with commands`,
        's',
        commandDrains,
      );
      report.measure('burst.wrong', 'ours', 'duplicate + missing firings', 'timers', duplicates);
      report.measure(
        'idle.lateness',
        'ours',
        'fired − due at idle, p99',
        'ms',
        lateness.map((l) => l.p99Ms),
        { latency: lateness },
      );
      const worst = Math.max(...duplicates);
      report.goal(
        'every timer fires exactly once (duplicates + missing)',
        worst,
        '<=',
        0,
        'timers',
      );
      const p99 = Math.max(...lateness.map((l) => l.p99Ms));
      report.goal('idle lateness p99 (worst run)', p99, '<', 1000, 'ms');
    } finally {
      await store.close();
      await pool.end();
    }
  },
};

async function burstRun(
  url: string,
  pool: ReturnType<typeof benchPool>,
  count: number,
  send?: Fire,
): Promise<{ rate: number; drainSeconds: number; duplicates: number; missing: number }> {
  await pool.query('TRUNCATE timers.timers');
  const due = new Date(Date.now() + 60_000);
  const scheduler = new TimerScheduler(pool, OWNER, systemRuntime);
  const timers: ScheduleTimer[] = Array.from({ length: count }, (_, i) => ({
    tenantId: `tenant-${i % 10}`,
    key: `burst-${i}`,
    command: { type: 'Bench', data: { i } },
    schedule: { at: due },
  }));
  for (let i = 0; i < timers.length; i += SCHEDULE_CHUNK)
    await scheduler.scheduleMany(timers.slice(i, i + SCHEDULE_CHUNK));
  await pool.query('VACUUM ANALYZE timers.timers');

  const seen = new Map<string, number>();
  const clock = { now: () => due };
  const pools = Array.from({ length: WORKERS }, () => benchPool(url, 2));
  const workers = pools.map(
    (p) =>
      new TimerWorker({
        pool: p,
        owner: OWNER,
        actorName: 'bench.timers',
        clock,
        logger: silentLogger,
        batchSize: BATCH,
        fire: async (firing: TimerFiring) => {
          if (send) await send(firing);
          seen.set(firing.key, (seen.get(firing.key) ?? 0) + 1);
        },
      }),
  );
  try {
    const started = performance.now();
    await Promise.all(workers.map((w) => w.drain()));
    const ms = performance.now() - started;
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    return {
      rate: perSecond(count, ms),
      drainSeconds: ms / 1000,
      duplicates,
      missing: count - seen.size,
    };
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
}

async function idleRun(pool: ReturnType<typeof benchPool>, count: number): Promise<LatencySummary> {
  await pool.query('TRUNCATE timers.timers');
  const histogram = new LatencyHistogram();
  const scheduler = new TimerScheduler(pool, OWNER, systemRuntime);
  const worker = new TimerWorker({
    pool,
    owner: OWNER,
    actorName: 'bench.timers',
    clock: systemRuntime,
    logger: silentLogger,
    fire: async (firing) => histogram.recordMs(Date.now() - firing.dueAt.getTime()),
  });
  const start = Date.now() + 1000;
  const spreadMs = 10_000;
  const dueAt = (i: number): Date => new Date(start + Math.round((i / count) * spreadMs));
  const upfront = Math.floor(count / 2);
  await scheduler.scheduleMany(
    Array.from({ length: upfront }, (_, i) => ({
      tenantId: 't',
      key: `idle-${i}`,
      command: { type: 'Bench', data: {} },
      schedule: { at: dueAt(i * 2) },
    })),
  );
  worker.start();
  try {
    // The other half arrives while the worker sleeps, each 300–800 ms before its instant.
    for (let i = 0; i < count - upfront; i++) {
      const due = dueAt(i * 2 + 1);
      const at = due.getTime() - 300 - Math.random() * 500;
      if (at > Date.now()) await sleep(at - Date.now());
      await scheduler.schedule({
        tenantId: 't',
        key: `late-${i}`,
        command: { type: 'Bench', data: {} },
        schedule: { at: due },
      });
    }
    const deadline = Date.now() + 10_000;
    while (histogram.count < count && Date.now() < deadline) await sleep(50);
  } finally {
    await worker.stop();
  }
  if (histogram.count < count)
    throw new Error(
      `only ${histogram.count} of ${count} idle timers fired within 10 s of the last`,
    );
  return histogram.summary();
}
