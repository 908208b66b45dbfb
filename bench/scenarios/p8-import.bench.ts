// P8: large CSV imports through the HTTP upload route (issue 9, item 4). A generated file is
// streamed to POST /imports/customers of the bench platform; the gateway streams it on to the
// customers service, which stages it in PostgreSQL, answers 202 and imports in the background.
// Reported per size: rows/s (upload start → COMPLETED), the time to the 202 answer, and the peak
// RSS (VmHWM) of the gateway and the customers service after the import, and the CPU time every
// process spent per row: each app of the platform and the servers (PostgreSQL with all its backends,
// the Kafka and MongoDB-wire JVMs, from /proc as P9 does; the servers' figures are the whole
// server's, so on a shared machine they include other clients' work), and the events stored per
// row. Sizes: 1,000 and 10,000 rows by default, 10,000 and 100,000 with --scale. Imports of 10,000
// rows or more run once (a 100,000-row import takes many minutes on 2 shared cores); smaller ones
// run `--runs` times.
import { Client } from 'pg';
import { PlatformUnavailableError, sharedPlatform } from '../harness/platform';
import { backendCpuBetween, backendCpuMs } from '../harness/postgres-backends';
import { infraServerCpuMs, type InfraServer } from '../harness/process-cpu';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { importCsv } from '../sides/csv-import';

const GOAL_ROWS_PER_SECOND = 2_000;
const SINGLE_RUN_FROM_ROWS = 10_000;
const SERVERS: readonly InfraServer[] = ['postgres', 'kafka', 'mongo'];
/** The PostgreSQL backends serving the platform's own database: its share of the shared server. */
const PLATFORM_BACKENDS = 'postgres (platform database backends)';

/** Events stored so far in the platform's event store (events per row = the delta / rows). */
async function storedEvents(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM event_store.events',
  );
  return Number(rows[0]?.n ?? 0);
}

export const p8Import: Scenario = {
  id: 'P8',
  title: 'Large CSV imports through the HTTP upload: rows/s and peak RSS of gateway and service',
  goal: '≥ 2,000 rows/s; peak RSS of gateway and service does not grow with the file',
  baseline: 'itself at the smaller size',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const small = ctx.size(report, 'CSV rows (small import)', 1_000, 10_000);
    const large = ctx.size(report, 'CSV rows (large import)', 10_000, 100_000);
    const rateGoal = `rows/s of the ${large.toLocaleString('en-US')}-row import ≥ ${GOAL_ROWS_PER_SECOND.toLocaleString('en-US')}`;
    const rssGoal = `peak RSS after ${large.toLocaleString('en-US')} rows vs after ${small.toLocaleString('en-US')} rows, customers service (flat: ≤ 1.2×)`;
    let platform;
    try {
      platform = await sharedPlatform(ctx.connections, ctx.log, { customer360: false });
    } catch (error) {
      if (!(error instanceof PlatformUnavailableError)) throw error;
      report.goal(rateGoal, null, '>=', GOAL_ROWS_PER_SECOND, 'rows/s', error.message);
      report.partial(`not run: ${error.message}`);
      return;
    }
    const processes = [...platform.apps, ...SERVERS];
    const cpuOf = (name: string): number | undefined =>
      (SERVERS as readonly string[]).includes(name)
        ? infraServerCpuMs(name as InfraServer)
        : platform.cpuMs(name);
    report.setting('import', {
      via: 'POST /imports/customers, multipart body generated while sent; importStatus polled every 100 ms',
      columns: 'First, Last, Email, Region',
      runsPerSize: `${ctx.runs} below ${SINGLE_RUN_FROM_ROWS.toLocaleString('en-US')} rows, 1 from there`,
      apps: platform.apps,
      processes,
      serverCpu:
        'whole server from /proc (PostgreSQL: postmaster + every backend + reaped ones); includes any other client of the shared servers',
      platformBackendCpu:
        'the PostgreSQL backends connected to the platform database (pg_stat_activity), from /proc: the platform’s own share, without the WAL writer and checkpointer',
    });
    const database = new Client({ connectionString: platform.postgresUrl });
    await database.connect();
    try {
      for (const rows of [small, large]) {
        const runs = rows >= SINGLE_RUN_FROM_ROWS ? 1 : ctx.runs;
        const rate: number[] = [];
        const accepted: number[] = [];
        const rss = new Map<string, number[]>();
        const cpu = new Map<string, number[]>();
        const eventsPerRow: number[] = [];
        for (let run = 0; run < runs; run++) {
          const eventsBefore = await storedEvents(database);
          const backendsBefore = await backendCpuMs(database);
          const cpuBefore = new Map(processes.map((p) => [p, cpuOf(p)]));
          const timing = await importCsv(platform, rows, `P8R${run}S${rows}T${Date.now()}`);
          // CPU per row is less sensitive to the shared machine's load than rows/s.
          let total = 0;
          for (const p of processes) {
            const before = cpuBefore.get(p);
            const after = cpuOf(p);
            if (before === undefined || after === undefined) continue;
            cpu.set(p, [...(cpu.get(p) ?? []), (after - before) / rows]);
            total += (after - before) / rows;
          }
          cpu.set('total', [...(cpu.get('total') ?? []), total]);
          const backends = backendCpuBetween(backendsBefore, await backendCpuMs(database)) / rows;
          cpu.set(PLATFORM_BACKENDS, [...(cpu.get(PLATFORM_BACKENDS) ?? []), backends]);
          // Each event costs every process (ADR 0340 made a typical row one event).
          eventsPerRow.push(((await storedEvents(database)) - eventsBefore) / rows);
          rate.push((rows * 1000) / timing.wallMs);
          accepted.push(timing.acceptedMs / 1000);
          for (const app of ['customers', 'gateway']) {
            const m = platform.memory(app);
            if (m) rss.set(app, [...(rss.get(app) ?? []), m.peakRssBytes / 2 ** 20]);
          }
          ctx.log(
            `import of ${rows.toLocaleString('en-US')} rows: ${(timing.wallMs / 1000).toFixed(1)} s (${rate.at(-1)!.toFixed(0)} rows/s), 202 after ${(timing.acceptedMs / 1000).toFixed(1)} s`,
          );
        }
        const label = rows.toLocaleString('en-US');
        report.measure(`rate.${rows}`, 'ours', `import of ${label} rows`, 'rows/s', rate);
        report.measure(`accepted.${rows}`, 'ours', `${label} rows: upload → 202`, 's', accepted);
        report.measure(
          `events.${rows}`,
          'ours',
          `events stored per row, ${label} rows`,
          'events',
          eventsPerRow,
        );
        for (const [app, values] of cpu)
          report.measure(
            `cpu.${rows}.${app.replace(/\W+/g, '_')}`,
            'ours',
            `${app} CPU per row, ${label} rows`,
            'ms',
            values,
          );
        for (const [app, values] of rss)
          report.measure(
            `rss.${rows}.${app}`,
            'ours',
            `${app} peak RSS after ${label} rows`,
            'MiB',
            values,
          );
      }
    } finally {
      await database.end();
    }
    const largeRate = report.find(`rate.${large}`, 'ours')?.median ?? null;
    report.goal(rateGoal, largeRate, '>=', GOAL_ROWS_PER_SECOND, 'rows/s');
    const growth = report.ratio(
      `customers service peak RSS, ${large} / ${small} rows`,
      `rss.${large}.customers`,
      'ours',
      `rss.${small}.customers`,
      'ours',
    );
    report.goal(rssGoal, growth, '<=', 1.2, '×');
    report.ratio(
      `gateway peak RSS, ${large} / ${small} rows`,
      `rss.${large}.gateway`,
      'ours',
      `rss.${small}.gateway`,
      'ours',
    );
    report.note(
      'Peak RSS is each long-running process’s high-water mark (VmHWM) after the import, so the figure after the large import includes everything before it: equal figures mean the large file needed no more memory.',
    );
  },
};
