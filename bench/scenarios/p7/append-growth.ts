// P7 a) append latency (1 event per command, expected version, 1 writer, to existing streams
// picked at random) in a store of 10k events vs one of 1M (100k by default): p99 may grow ≤ 1.2×.
import { PostgresEventStore } from '@crm/event-sourcing';
import { LatencyHistogram } from '../../harness/histogram';
import type { LatencySummary } from '../../harness/histogram';
import { benchPool } from '../../harness/postgres';
import type { ReportBuilder } from '../../harness/result';
import type { BenchContext } from '../../harness/scenario';
import {
  SHARED_LOG_DATABASE,
  SHARED_LOG_EVENTS_PER_STREAM,
  benchLogSource,
  cloneDatabase,
  ensureSeeded,
  ensureSharedLog,
  sharedLogEvents,
} from '../../harness/seed-log';
import { nowNs } from '../../harness/timer';
import { benchPayload, planEvent } from '../../harness/workload';
import { BENCH_EVENT_TYPES } from '../../sides/ours-append';

const EVENTS_PER_STREAM = SHARED_LOG_EVENTS_PER_STREAM;

export async function appendGrowth(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  const server = ctx.connections.postgresUrl;
  const small = 10_000;
  const large = ctx.size(
    report,
    'stored events (large store)',
    sharedLogEvents(false),
    sharedLogEvents(true),
  );
  const appends = ctx.size(report, 'timed appends per store and run', 3_000, 10_000);
  report.setting('appendGrowth', {
    smallStore: small,
    largeStore: large,
    eventsPerStream: EVENTS_PER_STREAM,
    warmUpAppends: 300,
    writer: 1,
  });
  // The large store is the shared seeded log, cloned per run so the seed stays pristine.
  await ensureSharedLog(server, ctx.scale, ctx.log);
  await ensureSeeded(
    server,
    'crm_bench_p7_small_seed',
    benchLogSource(small, EVENTS_PER_STREAM),
    ctx.log,
  );
  const stores = [
    {
      key: 'append.10k',
      label: `append 1 event, store of ${small.toLocaleString('en-US')} events`,
      seed: 'crm_bench_p7_small_seed',
      events: small,
    },
    {
      key: 'append.large',
      label: `append 1 event, store of ${large.toLocaleString('en-US')} events`,
      seed: SHARED_LOG_DATABASE,
      events: large,
    },
  ];
  const results = new Map<string, LatencySummary[]>();
  for (let run = 0; run < ctx.runs; run++) {
    for (const s of run % 2 === 0 ? stores : [...stores].reverse()) {
      const url = await cloneDatabase(server, s.seed, 'crm_bench_p7_append');
      const summary = await timeAppends(url, s.events / EVENTS_PER_STREAM, appends, run);
      results.set(s.key, [...(results.get(s.key) ?? []), summary]);
      ctx.log(
        `run ${run + 1}/${ctx.runs} ${s.label}: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms`,
      );
    }
  }
  for (const s of stores) {
    const latency = results.get(s.key)!;
    report.measure(
      `${s.key}.p99`,
      'ours',
      `${s.label}: p99`,
      'ms',
      latency.map((l) => l.p99Ms),
      { latency },
    );
  }
  const growth = report.ratio(
    'append p99, large store / 10k store',
    'append.large.p99',
    'ours',
    'append.10k.p99',
    'ours',
  );
  report.goal(
    `append p99 at ${large.toLocaleString('en-US')} vs 10k stored events ≤ 1.2×`,
    growth,
    '<=',
    1.2,
    '×',
  );
}

/** Appends to random existing seeded streams (each at version EVENTS_PER_STREAM + what we added). */
async function timeAppends(
  url: string,
  streams: number,
  count: number,
  run: number,
): Promise<LatencySummary> {
  const pool = benchPool(url, 2);
  const store = await PostgresEventStore.create({
    pool,
    eventTypes: BENCH_EVENT_TYPES,
    migrate: false,
  });
  try {
    const versions = new Map<number, number>();
    let seed = 0x9e3779b9 ^ run;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; // LCG: the same stream sequence for both stores
      return seed % streams;
    };
    const plan = Array.from({ length: count + 300 }, (_, i) => {
      const stream = next();
      const version = versions.get(stream) ?? EVENTS_PER_STREAM;
      versions.set(stream, version + 1);
      const streamId = `bench.Item-seed${stream}`;
      return {
        streamId,
        expected: version,
        event: planEvent(streamId, version + 1, null, BENCH_EVENT_TYPES[0].type, benchPayload(i), i)
          .event,
      };
    });
    const histogram = new LatencyHistogram();
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      const t = nowNs();
      await store.append(p.streamId, [p.event], { expectedVersion: p.expected });
      if (i >= 300) histogram.recordSince(t); // the first 300 are the warm-up
    }
    return histogram.summary();
  } finally {
    await store.close();
    await pool.end();
  }
}
