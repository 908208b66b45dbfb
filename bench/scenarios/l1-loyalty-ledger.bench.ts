// L1: the loyalty ledger. (a) Orders earning points through the service's command path (the one
// the points reactor calls: the member as its last command left it (ADR 0350) or as read, decide
// with the program, append with optimistic concurrency), many members written concurrently, beside
// the same path reading every member from the store, against a raw PostgreSQL baseline in the same
// run that inserts one ledger row per order with a unique order id (what a hand-written ledger
// would at least pay). (b) The time-travel balance of a member with a long history: replaying
// every event of the member's stream (GetMemberAsOf), p99 over repeated queries, and (c) the
// command path of that member (earn: from its recent state, from the newest member snapshot + tail
// (ADR 0223), or by full replay; decide, append), p99.
import { Role, systemCaller } from '@crm/access-policy';
import { LOYALTY_EVENT_CONTRACTS } from '@crm/contracts/loyalty';
import {
  PostgresEventStore,
  PostgresSnapshotStore,
  migrateSnapshotSchema,
  systemRuntime,
  type NewEvent,
  type StreamAppend,
} from '@crm/event-sourcing';
import {
  memberDecider,
  memberStreamId,
  type EarningOrder,
  type MemberCommand,
  type ProgramDefinition,
} from '@crm/loyalty-domain';
import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_PROGRAM_CACHE_MS,
  LoyaltyApplication,
  type RequestMeta,
} from '../../services/loyalty/src/application/loyalty.application';
import { LatencyHistogram, type LatencySummary } from '../harness/histogram';
import { infraServerCpuMs } from '../harness/process-cpu';
import { benchPool, recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { perSecond } from '../harness/stats';
import { elapsedMs, nowNs } from '../harness/timer';

const DATABASE = 'crm_bench_loyalty';
const TENANT = 'bench-loyalty';
const CONCURRENCY = 16;
const MEMBERS = 200;
const QUERIES = 50;
/** As the service runs by default (CRM_LOYALTY_MEMBER_SNAPSHOT_EVERY). */
const SNAPSHOT_EVERY = 100;

const PROGRAM: ProgramDefinition = {
  name: 'Bench Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: false,
  earnRules: [{ ruleId: 'spend', kind: 'amount', points: 1, perMinor: 100 }],
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Silver', qualifyingThreshold: 5_000, multiplierPercent: 150 },
  ],
  promotions: [],
  lotLifetime: { kind: 'rolling_months', months: 12 },
  adjustmentApprovalThreshold: 1000,
  tierReview: { windowMonths: 12, graceDays: 30 },
};

/** CPU per order of the app (this process) and of the whole PostgreSQL server, from /proc. */
class CpuPerOrder {
  readonly app: number[] = [];
  readonly postgres: number[] = [];

  start(): { app: NodeJS.CpuUsage; postgres: number | undefined } {
    return { app: process.cpuUsage(), postgres: infraServerCpuMs('postgres') };
  }

  stop(started: ReturnType<CpuPerOrder['start']>, orders: number): void {
    const app = process.cpuUsage(started.app);
    this.app.push((app.user + app.system) / 1000 / orders);
    const postgres = infraServerCpuMs('postgres');
    if (postgres !== undefined && started.postgres !== undefined)
      this.postgres.push((postgres - started.postgres) / orders);
  }
}

function meta(): RequestMeta {
  return {
    caller: systemCaller('bench', TENANT, [Role.ADMIN]),
    tenantId: TENANT,
    correlationId: uuidv7(),
  };
}

function order(): EarningOrder {
  return {
    orderId: uuidv7(),
    amountMinor: 4_990,
    currency: 'EUR',
    lines: [],
    placedAt: new Date().toISOString(),
  };
}

/** Runs `total` jobs with `CONCURRENCY` in flight; job i goes to member i mod `members`. */
async function concurrently(total: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = nowNs();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return perSecond(total, elapsedMs(started));
}

const BACKGROUND_ENTRIES_PER_MEMBER = 1_000;

/**
 * The rest of a large tenant's ledger, so that the measured member's queries run against a store
 * of that size: members of 1,000 earnings each, decided by the member decider in this process and
 * appended in bulk (a store this size through the command path would take most of an hour).
 */
async function seedOtherMembers(store: PostgresEventStore, entries: number): Promise<number> {
  const enrolledAt = new Date(Date.now() - 86_400_000).toISOString();
  const actor = { kind: 'system' as const, name: 'bench' };
  let appended = 0;
  let batch: StreamAppend[] = [];
  for (
    let member = 0;
    appended + batch.length * BACKGROUND_ENTRIES_PER_MEMBER < entries;
    member++
  ) {
    const memberId = uuidv7();
    const correlationId = uuidv7();
    let state = memberDecider.initialState;
    const events: NewEvent[] = [];
    const commands: MemberCommand[] = [
      { type: 'EnrolMember', data: { memberId, source: 'manual', at: enrolledAt } },
      ...Array.from({ length: BACKGROUND_ENTRIES_PER_MEMBER - 1 }, () => ({
        type: 'EarnForOrder' as const,
        data: { memberId, order: order(), program: PROGRAM, at: new Date().toISOString() },
      })),
    ];
    for (const command of commands)
      for (const event of memberDecider.decide(command, state)) {
        state = memberDecider.evolve(state, event);
        events.push({
          eventId: uuidv7(),
          type: event.type,
          tenantId: TENANT,
          occurredAt: command.data.at,
          actor,
          correlationId,
          causationId: correlationId,
          data: event.data,
        });
      }
    batch.push({
      streamId: memberStreamId(memberId),
      events,
      options: { expectedVersion: 'no_stream' },
    });
    if (batch.length === 10) {
      await store.appendMany(batch);
      appended += batch.reduce((sum, b) => sum + b.events.length, 0);
      batch = [];
    }
  }
  if (batch.length > 0) {
    await store.appendMany(batch);
    appended += batch.reduce((sum, b) => sum + b.events.length, 0);
  }
  return appended;
}

/** The loyalty application reading the member from the store on every command (ADR 0350's baseline). */
function readingEveryMember(
  store: PostgresEventStore,
  snapshots?: ConstructorParameters<typeof LoyaltyApplication>[3],
): LoyaltyApplication {
  return new LoyaltyApplication(store, systemRuntime, 10, snapshots, DEFAULT_PROGRAM_CACHE_MS, 0);
}

export const l1LoyaltyLedger: Scenario = {
  id: 'L1',
  title: 'Loyalty ledger: orders earning points (orders/s) vs raw pg; time-travel balance p99',
  goal: 'orders through the earn path ≥ 500/s; balance of a member with 10,000 entries, p99',
  baseline: 'raw pg: one INSERT per order into a ledger table with a unique order id',
  workDatabases: [DATABASE],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const orders = ctx.size(report, 'orders earning points per run', 2_000, 20_000);
    const history = ctx.size(report, 'ledger entries of the queried member', 300, 10_000);
    const background = ctx.size(
      report,
      'ledger entries of other members in the store',
      50_000,
      1_000_000,
    );
    const url = await recreateDatabase(ctx.connections.postgresUrl, DATABASE);
    const store = await PostgresEventStore.create({
      connectionString: url,
      eventTypes: LOYALTY_EVENT_CONTRACTS.map((c) => ({
        type: c.type,
        schemaVersion: c.schemaVersion,
      })),
      poolConfig: { max: CONCURRENCY },
    });
    const pool = benchPool(url, CONCURRENCY);
    await migrateSnapshotSchema(pool);
    const snapshots = { store: new PostgresSnapshotStore(pool), everyNEvents: SNAPSHOT_EVERY };
    const app = new LoyaltyApplication(store, systemRuntime, 10, snapshots);
    // The earn path as it was before recent member states (ADR 0350): the member read per order.
    const rereading = readingEveryMember(store, snapshots);
    report.setting('concurrency', CONCURRENCY);
    report.setting('member snapshots', `every ${SNAPSHOT_EVERY} events`);
    report.setting('members', MEMBERS);
    report.setting('program', 'one amount rule, two tiers, rolling 12-month tier window');
    try {
      await app.defineProgram(meta(), PROGRAM);
      const seeded = await seedOtherMembers(store, background);
      ctx.log(`${seeded} ledger events of other members appended in bulk`);
      await pool.query(
        'CREATE TABLE ledger (order_id text PRIMARY KEY, member_id text NOT NULL, points integer NOT NULL, at timestamptz NOT NULL)',
      );
      const ours: number[] = [];
      const before: number[] = [];
      const raw: number[] = [];
      const cpu = { ours: new CpuPerOrder(), before: new CpuPerOrder() };
      for (let run = 0; run < ctx.runs; run++) {
        // Alternated in each run, on as many members each, so both see the same load.
        for (const [side, application, rates] of [
          ['before', rereading, before],
          ['ours', app, ours],
        ] as const) {
          const members = Array.from({ length: MEMBERS }, () => uuidv7());
          for (const memberId of members)
            await application.member(meta(), memberId, {
              type: 'EnrolMember',
              data: { source: 'manual' },
            });
          const started = cpu[side].start();
          rates.push(
            await concurrently(orders, async (i) => {
              await application.earn(meta(), members[i % MEMBERS]!, order());
            }),
          );
          cpu[side].stop(started, orders);
        }
        raw.push(
          await concurrently(orders, async (i) => {
            await pool.query(
              'INSERT INTO ledger (order_id, member_id, points, at) VALUES ($1, $2, $3, now())',
              [uuidv7(), `member-${i % MEMBERS}`, 49],
            );
          }),
        );
        ctx.log(
          `run ${run + 1}/${ctx.runs}: ${orders} orders earned at ${ours.at(-1)!.toFixed(0)}/s (member read per order: ${before.at(-1)!.toFixed(0)}/s); raw pg ${raw.at(-1)!.toFixed(0)}/s`,
        );
      }
      report.measure('earn', 'ours', `${orders} orders earning points`, 'orders/s', ours);
      report.measure(
        'earn',
        'ours (member read per order)',
        `${orders} orders earning points, member read per order (before ADR 0350)`,
        'orders/s',
        before,
      );
      for (const [side, label] of [
        ['ours', 'ours'],
        ['before', 'ours (member read per order)'],
      ] as const) {
        report.measure(
          'cpu.app',
          label,
          'CPU per order: the loyalty app (this process)',
          'ms',
          cpu[side].app,
        );
        if (cpu[side].postgres.length === ctx.runs)
          report.measure(
            'cpu.postgres',
            label,
            'CPU per order: PostgreSQL (whole server)',
            'ms',
            cpu[side].postgres,
          );
      }
      report.measure('earn', 'raw pg', `${orders} ledger rows inserted`, 'orders/s', raw);
      report.ratio('ours / raw pg', 'earn', 'ours', 'earn', 'raw pg');
      report.ratio(
        'recent states / member read per order',
        'earn',
        'ours',
        'earn',
        'ours (member read per order)',
      );
      report.goal('orders through the earn path', Math.min(...ours), '>=', 500, 'orders/s');

      // One member with a long history: `history` earnings, then repeated time-travel queries.
      const long = uuidv7();
      await app.member(meta(), long, { type: 'EnrolMember', data: { source: 'manual' } });
      for (let i = 0; i < history; i++) await app.earn(meta(), long, order());
      const latencies: LatencySummary[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const histogram = new LatencyHistogram();
        for (let q = 0; q < QUERIES; q++) {
          const started = nowNs();
          await app.memberAsOf(meta(), long, new Date().toISOString());
          histogram.recordSince(started);
        }
        latencies.push(histogram.summary());
      }
      report.measure(
        'as-of',
        'ours',
        `balance as of now of a member with ${history} entries (replay), p99`,
        'ms',
        latencies.map((l) => l.p99Ms),
        { latency: latencies },
      );
      // The same command path from recent states, from snapshots and by full replay, per run.
      const fromSnapshots = readingEveryMember(store, snapshots);
      const replaying = readingEveryMember(store);
      const commands = {
        recent: [] as LatencySummary[],
        snapshot: [] as LatencySummary[],
        replay: [] as LatencySummary[],
      };
      for (let run = 0; run < ctx.runs; run++) {
        for (const [side, application] of [
          ['recent', app],
          ['snapshot', fromSnapshots],
          ['replay', replaying],
        ] as const) {
          await app.snapshotsWritten();
          const histogram = new LatencyHistogram();
          for (let q = 0; q < QUERIES; q++) {
            const started = nowNs();
            await application.earn(meta(), long, order());
            histogram.recordSince(started);
          }
          commands[side].push(histogram.summary());
        }
      }
      for (const [side, label] of [
        ['recent', 'ours (recent states)'],
        ['snapshot', 'ours (snapshots)'],
        ['replay', 'ours (full replay)'],
      ] as const)
        report.measure(
          'command',
          label,
          `earn of a member with ${history}+ entries, p99`,
          'ms',
          commands[side].map((l) => l.p99Ms),
          { latency: commands[side] },
        );
      report.ratio(
        'command p99: full replay / snapshots',
        'command',
        'ours (full replay)',
        'command',
        'ours (snapshots)',
      );
      report.note(
        'The balance served to the gateway comes from the member read model (one document per member, independent of history length); this figure is the replay used for time travel and verification.',
      );
    } finally {
      await pool.end();
      await store.close();
    }
  },
};
