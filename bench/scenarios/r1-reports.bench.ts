// R1: tenant-wide standard reports over N customers (customer 360 read model on the MongoDB-wire
// server), through the report engine exactly as the gateway calls it (record scope, freshness,
// pre-aggregated groups kept by the projections app — docs/adr/0330). Every query is a first,
// uncached one (no result cache). Beside it in the same run: the same reports grouped from the
// rows on the server (docs/adr/0260, the path before ADR 0330), the time and CPU the projections
// app spends recomputing each report's groups, the same figures (customers per lifecycle status)
// by a raw mongoose aggregate, and the same report grouped in Node, so the cost of each layer shows.
import { Role } from '@crm/access-policy';
import { CUSTOMER_360_MODEL, CUSTOMER_360_PROJECTION } from '@crm/customers-read-models';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import {
  ReportEngine,
  ReportResultCache,
  ReportRollups,
  standardReport,
  type ReportViewer,
} from '@crm/reports';
import mongoose from 'mongoose';
import { serveTestReadModel } from '../../libs/reports/src/testing/serve-read-model';
import { LatencyHistogram, round, type LatencySummary } from '../harness/histogram';
import { infraServerCpuMs } from '../harness/process-cpu';
import { benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import { recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { elapsedMs, nowNs } from '../harness/timer';

// BENCH_PLATFORM_SUFFIX (as for the platform scenarios) lets two checkouts run R1 at once.
const SUFFIX = (process.env['BENCH_PLATFORM_SUFFIX'] ?? '').replace(/[^a-z0-9_]/g, '');
const PG_DATABASE = `crm_bench_reports${SUFFIX ? `_${SUFFIX}` : ''}`;
const MONGO_DATABASE = `bench_crm_reports${SUFFIX ? `_${SUFFIX}` : ''}`;
const TENANT = 'bench-reports';
const QUERIES = 20;
const BATCH = 1_000;
const COLLECTION = 'customer_360_bench_reports';
const STATUSES = ['prospect', 'active', 'active', 'active', 'inactive', 'merged'];
const REGIONS = ['north', 'south', 'east', 'west', 'centre'];
const CHANNELS = ['web', 'store', 'phone', 'partner', 'event'];
const NOW = Date.UTC(2026, 5, 30);

/** The customer-360 fields the customers dataset reads, varied deterministically by `i`. */
function customer(i: number) {
  const createdAt = new Date(NOW - (i % 730) * 86_400_000 - (i % 1440) * 60_000).toISOString();
  const month = createdAt.slice(0, 7);
  return {
    _id: `bench-c-${i}`,
    tenantId: TENANT,
    kind: i % 5 === 0 ? 'company' : 'person',
    status: STATUSES[i % STATUSES.length],
    ownerUserId: `owner-${i % 40}`,
    teamId: `team-${i % 8}`,
    demographics: { region: REGIONS[i % REGIONS.length] },
    channels: {
      [CHANNELS[i % CHANNELS.length]!]: {
        channel: CHANNELS[i % CHANNELS.length],
        recordedAt: createdAt,
      },
    },
    purchases: {
      count: i % 7,
      totalsMinor: { EUR: (i % 7) * 4_990 },
      months: { [month]: { count: i % 7, totalsMinor: { EUR: (i % 7) * 4_990 } } },
    },
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

const ADMIN: ReportViewer = {
  principal: { userId: 'bench-admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null },
  teamMemberIds: [],
};

/** A custom report over the same data (issue 16: < 2 s): three dimensions, two measures. */
const CUSTOM = {
  dataset: 'customers',
  dimensions: ['region', 'kind', 'period'],
  measures: ['customers', 'purchases'],
  timeGrain: 'month' as const,
};

/** The standard reports over customers, and the one also measured grouped in Node. */
const REPORTS = [
  'byLifecycle',
  'byRegion',
  'byAcquisitionChannel',
  'growth',
  'byValueTier',
  'rfmGrid',
];

/** CPU per query, ms: this process (the engine, as in the gateway) and the MongoDB-wire server. */
interface CpuPerQuery {
  readonly engineMs: number;
  readonly mongoMs: number | undefined;
}
const cpuOf = new Map<string, CpuPerQuery[]>();

async function p99Of(
  times: number,
  query: () => Promise<unknown>,
  cpuKey?: string,
): Promise<LatencySummary> {
  await query(); // warm-up (plans, connection pool)
  const histogram = new LatencyHistogram();
  const ownBefore = process.cpuUsage();
  const mongoBefore = infraServerCpuMs('mongo');
  for (let q = 0; q < times; q++) {
    const started = nowNs();
    await query();
    histogram.recordSince(started);
  }
  const own = process.cpuUsage(ownBefore);
  const mongoAfter = infraServerCpuMs('mongo');
  if (cpuKey) {
    const cpu: CpuPerQuery = {
      engineMs: (own.user + own.system) / 1000 / times,
      mongoMs:
        mongoBefore === undefined || mongoAfter === undefined
          ? undefined
          : (mongoAfter - mongoBefore) / times,
    };
    cpuOf.set(cpuKey, [...(cpuOf.get(cpuKey) ?? []), cpu]);
  }
  return histogram.summary();
}

export const r1Reports: Scenario = {
  id: 'R1',
  title: 'Tenant-wide standard reports over N customers (p99) vs a raw mongoose aggregate',
  goal: 'each standard report p99 < 300 ms over 100,000 customers',
  baseline:
    'raw mongoose aggregate ($match tenant, $group by status) of the byLifecycle figures on the same collection, same run',
  workDatabases: [PG_DATABASE],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const customers = ctx.size(report, 'customers in the tenant', 20_000, 100_000);
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl, MONGO_DATABASE);
    await dropMongoDatabase(mongoUrl);
    const pgUrl = await recreateDatabase(ctx.connections.postgresUrl, PG_DATABASE);
    const store = await PostgresEventStore.create({
      connectionString: pgUrl,
      eventTypes: [],
      migrate: true,
    });
    const connection = await mongoose
      .createConnection(mongoUrl, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    // Over 100,000 rows a query that groups the rows takes seconds: fewer of them keep the run
    // within the hour (their p99 is then the slowest of the few).
    const slowQueries = customers > 20_000 ? 5 : QUERIES;
    report.setting('queries per report and run (after one warm-up)', QUERIES);
    report.setting('queries of the paths that group the rows, and the custom report', slowQueries);
    report.setting('viewer', 'admin (tenant-wide)');
    try {
      await serveTestReadModel(connection, {
        projection: CUSTOMER_360_PROJECTION,
        model: CUSTOMER_360_MODEL,
        collection: COLLECTION,
        storeCheckpoint: 0,
      });
      const collection = connection.db!.collection(COLLECTION);
      await collection.createIndex({ tenantId: 1, status: 1 });
      for (let from = 0; from < customers; from += BATCH) {
        const docs = Array.from({ length: Math.min(BATCH, customers - from) }, (_, k) =>
          customer(from + k),
        );
        await collection.insertMany(docs as never[], { ordered: false });
      }
      ctx.log(`${customers} customers written`);
      const deps = {
        connection,
        storeHead: new PostgresStoreHead(store.pool),
        clock: () => new Date(NOW),
      };
      const onServer = new ReportEngine(deps);
      const rollups = new ReportRollups({ connection, clock: deps.clock });
      const preAggregated = new ReportEngine({ ...deps, rollups });
      const inNode = new ReportEngine({ ...deps, grouping: 'node' });
      // As the gateway runs it (ADR 0307): a dashboard's repeat at an unchanged position.
      const withCache = new ReportEngine({ ...deps, cache: new ReportResultCache() });
      const raw = () =>
        collection
          .aggregate([
            { $match: { tenantId: TENANT, status: { $nin: ['merged', 'erased'] } } },
            { $group: { _id: '$status', customers: { $sum: 1 } } },
          ])
          .toArray();
      report.setting(
        'grouped on',
        Object.fromEntries(
          REPORTS.map((r) => [r, onServer.groupedOn(standardReport('customers', r))]),
        ),
      );

      const latencies = new Map<string, LatencySummary[]>();
      const record = (key: string, l: LatencySummary) =>
        latencies.set(key, [...(latencies.get(key) ?? []), l]);
      const firstMs = new Map<string, number[]>();
      const refreshes = new Map<string, { wallMs: number[]; cpuMs: number[]; mongoMs: number[] }>();
      for (let run = 0; run < ctx.runs; run++) {
        for (const name of REPORTS) {
          // What the projections app spends keeping the groups current: one recomputation.
          const cpuBefore = process.cpuUsage();
          const mongoBefore = infraServerCpuMs('mongo');
          const started = nowNs();
          await rollups.refresh(`customers/${name}`);
          const wallMs = elapsedMs(started);
          const cpu = process.cpuUsage(cpuBefore);
          const mongoAfter = infraServerCpuMs('mongo');
          const entry = refreshes.get(name) ?? { wallMs: [], cpuMs: [], mongoMs: [] };
          entry.wallMs.push(Math.round(wallMs));
          entry.cpuMs.push(Math.round((cpu.user + cpu.system) / 1000));
          if (mongoBefore !== undefined && mongoAfter !== undefined)
            entry.mongoMs.push(Math.round(mongoAfter - mongoBefore));
          refreshes.set(name, entry);
        }
        for (const name of REPORTS) {
          const def = standardReport('customers', name);
          // The first query after the groups were computed, with no warm-up at all.
          const first = nowNs();
          const answer = await preAggregated.run(def, ADMIN);
          firstMs.set(name, [...(firstMs.get(name) ?? []), round(elapsedMs(first), 1)]);
          if (!answer.precomputedAt) throw new Error(`customers/${name} was not pre-aggregated`);
          record(name, await p99Of(QUERIES, () => preAggregated.run(def, ADMIN), name));
          record(
            `${name} from rows`,
            await p99Of(slowQueries, () => onServer.run(def, ADMIN), `${name} from rows`),
          );
          record(
            `${name} repeated`,
            await p99Of(QUERIES, () => withCache.run(def, ADMIN), `${name} repeated`),
          );
        }
        const lifecycle = standardReport('customers', 'byLifecycle');
        record('byLifecycle in Node', await p99Of(slowQueries, () => inNode.run(lifecycle, ADMIN)));
        record('raw', await p99Of(slowQueries, raw));
        record('custom', await p99Of(slowQueries, () => onServer.run(CUSTOM, ADMIN), 'custom'));
        ctx.log(
          `run ${run + 1}/${ctx.runs}: ${[...latencies].map(([k, v]) => `${k} p99 ${v.at(-1)!.p99Ms} ms`).join(', ')}`,
        );
      }
      const p99s = (key: string) => latencies.get(key)!.map((l) => l.p99Ms);
      const cpu = (key: string, part: keyof CpuPerQuery) =>
        (cpuOf.get(key) ?? []).map((c) => Math.round((c[part] ?? 0) * 100) / 100);
      for (const name of REPORTS) {
        report.measure(
          name,
          'ours',
          `customers/${name}, tenant-wide, pre-aggregated, uncached`,
          'ms',
          p99s(name),
          { latency: latencies.get(name)! },
        );
        report.measure(
          `${name}.first`,
          'ours, first query',
          `customers/${name}: the very first query after the groups were computed (no warm-up)`,
          'ms',
          firstMs.get(name)!,
        );
        report.measure(
          `${name}.fromRows`,
          'grouped from the rows',
          `customers/${name} grouped from the rows on every query (before ADR 0330)`,
          'ms',
          p99s(`${name} from rows`),
          { latency: latencies.get(`${name} from rows`)! },
        );
        const refresh = refreshes.get(name)!;
        report.measure(
          `${name}.refresh`,
          'projections app',
          `customers/${name}: recomputing its groups (wall)`,
          'ms',
          refresh.wallMs,
        );
        report.measure(
          `${name}.refresh.cpu`,
          'projections app',
          `customers/${name}: recomputing its groups, CPU of the recomputing process`,
          'ms',
          refresh.cpuMs,
        );
        report.measure(
          `${name}.refresh.cpu.mongo`,
          'projections app',
          `customers/${name}: recomputing its groups, MongoDB-wire server CPU`,
          'ms',
          refresh.mongoMs,
        );
        report.measure(
          `${name}.repeated`,
          'ours, result reused',
          `customers/${name} repeated at an unchanged read-model position (gateway's cache)`,
          'ms',
          p99s(`${name} repeated`),
          { latency: latencies.get(`${name} repeated`)! },
        );
        for (const key of [name, `${name} from rows`, `${name} repeated`]) {
          const id = key.replace(' from rows', '.fromRows').replace(' ', '.');
          report.measure(
            `${id}.cpu.engine`,
            'CPU per query',
            `${key}: engine (gateway) CPU per query`,
            'ms',
            cpu(key, 'engineMs'),
          );
          report.measure(
            `${id}.cpu.mongo`,
            'CPU per query',
            `${key}: MongoDB-wire server CPU per query`,
            'ms',
            cpu(key, 'mongoMs'),
          );
        }
      }
      report.measure(
        'byLifecycle',
        'grouped in Node',
        'customers/byLifecycle grouped in Node (before ADR 0260)',
        'ms',
        p99s('byLifecycle in Node'),
        { latency: latencies.get('byLifecycle in Node')! },
      );
      report.measure(
        'byLifecycle',
        'raw mongoose',
        'the same figures by a raw $match + $group',
        'ms',
        p99s('raw'),
        { latency: latencies.get('raw')! },
      );
      report.ratio(
        'ours / raw mongoose (byLifecycle p99)',
        'byLifecycle',
        'ours',
        'byLifecycle',
        'raw mongoose',
      );
      report.measure(
        'custom',
        'ours',
        'custom report: region × kind × month, customers and purchases, tenant-wide',
        'ms',
        p99s('custom'),
        { latency: latencies.get('custom')! },
      );
      report.goal('custom report, p99', Math.max(...p99s('custom')), '<', 2000, 'ms');
      const worst = Math.max(...REPORTS.map((name) => Math.max(...p99s(name))));
      report.goal('slowest standard report over customers, p99', worst, '<', 300, 'ms');
      const worstFirst = Math.max(...REPORTS.map((name) => Math.max(...firstMs.get(name)!)));
      report.goal('slowest first query of a standard report', worstFirst, '<', 300, 'ms');
      report.note(
        'Figures per run are the p99 of the queries of that run; the median over runs is shown. No query of "ours" is served from a result cache: each reads the pre-aggregated groups the projections app keeps (ADR 0330), applies the scope and adds them up. Every report also reads the freshness (the groups\' position and the store head from PostgreSQL), which the raw aggregate does not. The groups are recomputed by the projections app when the read model moved (at most every 10 s by default): "recomputing its groups" is that price.',
      );
    } finally {
      await connection.close();
      await store.close();
      await dropMongoDatabase(mongoUrl);
    }
  },
};
