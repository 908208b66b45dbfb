// P7: how costs grow with size, each part compared with itself at the smaller size.
//  a) append latency (1 event per command, expected version, 1 writer, to existing streams picked
//     at random) in a store holding 10k events vs one holding 1M (100k by default);
//  b) aggregate load time for streams of 10, 1,000 and 10,000 events, full replay vs snapshot+tail;
//  c) CSV import of 10k vs 100k rows (needs the customers import; reported not-run until it exists).
import {
  AggregateSnapshotter,
  PostgresEventStore,
  PostgresSnapshotStore,
  canonicalJson,
  loadAggregate,
  migrateSnapshotSchema,
} from '@crm/event-sourcing';
import { LatencyHistogram } from '../harness/histogram';
import type { LatencySummary } from '../harness/histogram';
import { benchPool, recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import {
  SHARED_LOG_DATABASE,
  SHARED_LOG_EVENTS_PER_STREAM,
  benchLogSource,
  cloneDatabase,
  ensureSeeded,
  ensureSharedLog,
  sharedLogEvents,
} from '../harness/seed-log';
import { median } from '../harness/stats';
import { nowNs } from '../harness/timer';
import { BENCH_TENANT, benchPayload, planEvent } from '../harness/workload';
import { itemTallyDecider } from '../sides/bench-decider';
import { customersCsv, importCsv } from '../sides/csv-import';
import { PlatformUnavailableError, sharedPlatform } from '../harness/platform';
import type { ItemEvent, ItemTally } from '../sides/bench-decider';
import { BENCH_EVENT_TYPES } from '../sides/ours-append';

const EVENTS_PER_STREAM = SHARED_LOG_EVENTS_PER_STREAM;
const SNAPSHOT_EVERY = 100;
const LOAD_SIZES = [10, 1_000, 10_000] as const;

export const p7CostGrowth: Scenario = {
  id: 'P7',
  title:
    'Cost growth: append latency vs store size, aggregate load vs stream length, import vs rows',
  goal: 'append p99 grows ≤ 1.2× from 10k to 1M stored events; load time with snapshots flat; import linear',
  baseline: 'itself at the smaller size',

  workDatabases: ['crm_bench_p7_append', 'crm_bench_p7_load'],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    await appendGrowth(ctx, report);
    await loadTimes(ctx, report);
    await importGrowth(ctx, report);
  },
};

async function appendGrowth(ctx: BenchContext, report: ReportBuilder): Promise<void> {
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

async function loadTimes(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  const url = await recreateDatabase(ctx.connections.postgresUrl, 'crm_bench_p7_load');
  const pool = benchPool(url, 4);
  const store = await PostgresEventStore.create({ pool, eventTypes: BENCH_EVENT_TYPES });
  await migrateSnapshotSchema(pool);
  const snapshotter = new AggregateSnapshotter({
    events: store,
    snapshots: new PostgresSnapshotStore(pool),
    decider: itemTallyDecider,
    stateSchemaVersion: 'bench-item-tally-1',
    everyNEvents: SNAPSHOT_EVERY,
  });
  const loadsPerSize = 30;
  report.setting('loadTimes', {
    sizes: LOAD_SIZES,
    snapshotEveryNEvents: SNAPSHOT_EVERY,
    loadsPerSizeAndRun: loadsPerSize,
    warmUpLoads: 3,
    figure: 'median load time per run (p50 of the histogram)',
  });
  try {
    // Streams written through the snapshot-observing store, so snapshots are taken as in production.
    const observed = snapshotter.observe(store);
    for (const size of LOAD_SIZES) {
      const streamId = `bench.Item-load${size}`;
      for (let written = 0; written < size; written += 100) {
        const n = Math.min(100, size - written);
        const events = Array.from(
          { length: n },
          (_, i) =>
            planEvent(
              streamId,
              written + i + 1,
              null,
              BENCH_EVENT_TYPES[0].type,
              benchPayload(written + i),
              written + i,
            ).event,
        );
        await observed.append(streamId, events, {
          expectedVersion: written === 0 ? 'no_stream' : written,
        });
      }
    }
    await snapshotter.whenIdle();
    // Correctness precondition: a snapshot load must give the state a full replay gives. If the
    // snapshots written during the appends are wrong, say so in the JSON, then take fresh ones at
    // rest (no concurrent append) so the load *times* can still be measured.
    const wrong = await snapshotMismatches(store, snapshotter);
    if (wrong.length > 0) {
      report.report.settings['snapshotCorrectness'] = { ok: false, mismatches: wrong };
      report.partial(
        `snapshots taken while appending hold a wrong state (${wrong.join('; ')}); load times below use snapshots re-taken at rest`,
      );
      const snapshots = new PostgresSnapshotStore(pool);
      for (const size of LOAD_SIZES) {
        await snapshots.delete(`bench.Item-load${size}`);
        await snapshotter.snapshotNow(`bench.Item-load${size}`, { tenantId: BENCH_TENANT });
      }
      const still = await snapshotMismatches(store, snapshotter);
      if (still.length > 0)
        throw new Error(`snapshots taken at rest are wrong too: ${still.join('; ')}`);
    } else {
      report.report.settings['snapshotCorrectness'] = { ok: true };
    }
    const figures = new Map<string, LatencySummary[]>();
    for (let run = 0; run < ctx.runs; run++) {
      for (const size of LOAD_SIZES) {
        const streamId = `bench.Item-load${size}`;
        const variants = [
          {
            key: `load.${size}.replay`,
            load: () =>
              loadAggregate(store, itemTallyDecider, streamId, { tenantId: BENCH_TENANT }),
          },
          {
            key: `load.${size}.snapshot`,
            load: () => snapshotter.load(streamId, { tenantId: BENCH_TENANT }),
          },
        ];
        for (const v of run % 2 === 0 ? variants : [...variants].reverse()) {
          const histogram = new LatencyHistogram();
          for (let i = 0; i < loadsPerSize + 3; i++) {
            const t = nowNs();
            const loaded = await v.load();
            if (loaded.state.count !== size)
              throw new Error(`${v.key}: folded ${loaded.state.count} events, expected ${size}`);
            if (i >= 3) histogram.recordSince(t);
          }
          figures.set(v.key, [...(figures.get(v.key) ?? []), histogram.summary()]);
        }
      }
      ctx.log(
        `run ${run + 1}/${ctx.runs} load times: ${LOAD_SIZES.map((s) => `${s}: replay ${figures.get(`load.${s}.replay`)!.at(-1)!.p50Ms} ms / snapshot ${figures.get(`load.${s}.snapshot`)!.at(-1)!.p50Ms} ms`).join('; ')}`,
      );
    }
    for (const size of LOAD_SIZES) {
      for (const mode of ['replay', 'snapshot'] as const) {
        const latency = figures.get(`load.${size}.${mode}`)!;
        report.measure(
          `load.${size}`,
          mode === 'replay' ? 'ours, full replay' : `ours, snapshot every ${SNAPSHOT_EVERY}`,
          `load aggregate of ${size.toLocaleString('en-US')} events (p50)`,
          'ms',
          latency.map((l) => l.p50Ms),
          { latency },
        );
      }
    }
    const snapshotSide = `ours, snapshot every ${SNAPSHOT_EVERY}`;
    const flat = report.ratio(
      'load with snapshots, 10,000 / 10 events',
      'load.10000',
      snapshotSide,
      'load.10',
      snapshotSide,
    );
    report.ratio(
      'load with full replay, 10,000 / 10 events',
      'load.10000',
      'ours, full replay',
      'load.10',
      'ours, full replay',
    );
    report.goal(
      'load time with snapshots flat: 10,000-event stream ≤ 1.5× the 10-event one',
      flat,
      '<=',
      1.5,
      '×',
    );
    report.note(
      `"Flat" is read as ≤ 1.5× from 10 to 10,000 events (the issue gives no number); full replay grows linearly for comparison (median ${median(figures.get('load.10000.replay')!.map((l) => l.p50Ms))} ms at 10,000).`,
    );
  } finally {
    await store.close();
    await pool.end();
  }
}

/** Streams whose snapshot+tail load differs from a full replay (count = events folded). Canonical JSON: jsonb reorders keys. */
async function snapshotMismatches(
  store: PostgresEventStore,
  snapshotter: AggregateSnapshotter<ItemTally, ItemEvent>,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const size of LOAD_SIZES) {
    const streamId = `bench.Item-load${size}`;
    const replay = await loadAggregate(store, itemTallyDecider, streamId, {
      tenantId: BENCH_TENANT,
    });
    const fromSnapshot = await snapshotter.load(streamId, { tenantId: BENCH_TENANT });
    if (
      canonicalJson(replay.state) !== canonicalJson(fromSnapshot.state) ||
      replay.version !== fromSnapshot.version
    ) {
      wrong.push(
        `${streamId}: snapshot v${fromSnapshot.fromSnapshotVersion} + tail folds ${fromSnapshot.state.count} events at version ${fromSnapshot.version}, replay folds ${replay.state.count} at ${replay.version}`,
      );
    }
  }
  return wrong;
}

/** CSV import through the gateway: time per row at 10× the rows should stay within 1.2× (linear). */
async function importGrowth(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  // 300 vs 3,000 by default: the import runs at ~100–150 rows/s on 2 shared cores, and the default
  // run must stay near 10 minutes. Same 10× step as the issue's 10k vs 100k (--scale).
  const small = ctx.size(report, 'CSV rows (small import)', 300, 10_000);
  const large = ctx.size(report, 'CSV rows (large import)', 3_000, 100_000);
  const goal = `CSV import time per row, ${large.toLocaleString('en-US')} vs ${small.toLocaleString('en-US')} rows (linear: ≤ 1.2×)`;
  let platform;
  try {
    platform = await sharedPlatform(ctx.connections, ctx.log, { customer360: false });
  } catch (error) {
    if (!(error instanceof PlatformUnavailableError)) throw error;
    report.goal(goal, null, '<=', 1.2, '×', error.message);
    report.partial(`CSV import part not run: ${error.message}`);
    return;
  }
  report.setting('import', {
    via: 'POST /imports/customers (multipart upload) then importStatus polling every 100 ms',
    columns: 'First, Last, Email, Region',
    apps: platform.apps,
  });
  const perRow = new Map<string, number[]>();
  const memory = new Map<string, number[]>();
  for (let run = 0; run < ctx.runs; run++) {
    for (const rows of [small, large]) {
      const csv = customersCsv(rows, `R${run}S${rows}T${Date.now()}`);
      const timing = await importCsv(platform, csv, rows);
      const key = `import.${rows}`;
      perRow.set(key, [...(perRow.get(key) ?? []), timing.wallMs / rows]);
      for (const app of ['customers', 'gateway']) {
        const m = platform.memory(app);
        if (m)
          memory.set(`${key}.${app}`, [...(memory.get(`${key}.${app}`) ?? []), m.peakRssBytes]);
      }
      ctx.log(
        `run ${run + 1}/${ctx.runs} import of ${rows.toLocaleString('en-US')} rows: ${(timing.wallMs / 1000).toFixed(1)} s (${((rows * 1000) / timing.wallMs).toFixed(0)} rows/s)`,
      );
    }
  }
  for (const rows of [small, large]) {
    const key = `import.${rows}`;
    const extra = memory.get(`${key}.customers`)
      ? { peakRssBytes: memory.get(`${key}.customers`)! }
      : {};
    report.measure(
      key,
      'ours',
      `CSV import of ${rows.toLocaleString('en-US')} rows: time per row`,
      'ms/row',
      perRow.get(key)!,
      extra,
    );
    const gatewayRss = memory.get(`${key}.gateway`);
    if (gatewayRss)
      report.measure(
        `${key}.gateway-rss`,
        'ours',
        `gateway peak RSS after the ${rows.toLocaleString('en-US')}-row import`,
        'MiB',
        gatewayRss.map((b) => b / 2 ** 20),
      );
  }
  const growth = report.ratio(
    `import time per row, ${large} / ${small} rows`,
    `import.${large}`,
    'ours',
    `import.${small}`,
    'ours',
  );
  report.goal(goal, growth, '<=', 1.2, '×');
  report.note(
    "Import peak RSS is the customers service process's high-water mark (VmHWM) after each import; it is a long-running process, so the figure after the large import includes everything before it.",
  );
}
