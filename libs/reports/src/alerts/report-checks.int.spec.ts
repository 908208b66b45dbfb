// The scheduled report checks on the real servers: the daily reconciliation timer appends one
// mismatch alert per disagreeing dataset and tenant, threshold rules set as events are evaluated
// hourly against figures the test computes itself, a firing that runs twice records once, and a
// bad rule writes nothing. Time is the test's clock; the worker is drained, never waited for.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { REPORTS_EVENT_CONTRACTS } from '@crm/contracts/reports';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { SALES_LEADS_MODEL, SALES_LEADS_PROJECTION } from '@crm/sales-read-models';
import { TICKET_QUEUE_MODEL, TICKET_QUEUE_PROJECTION } from '@crm/service-desk-read-models';
import {
  createThrowawayMongoDatabase,
  ManualClock,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import { TimerScheduler, TimerWorker, migrateTimersSchema, type TimerFiring } from '@crm/timers';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { leadsDataset } from '../datasets/sales.datasets';
import { ReportEngine } from '../engine/report-engine';
import {
  PostgresStreamCounter,
  reconcileReadModels,
} from '../reconciliation/read-model-reconciliation';
import { serveTestReadModel, setTestCheckpoint } from '../testing/serve-read-model';
import {
  READ_MODEL_MISMATCH_FOUND,
  REPORT_CHECKS_ACTOR,
  ReportAlerts,
  THRESHOLD_BREACHED,
  alertRulesStreamId,
} from './report-alerts';
import {
  PLATFORM_TENANT,
  REPORT_TIMERS_OWNER,
  fireReportCheck,
  scheduleReconciliation,
  scheduleThresholdChecks,
} from './report-check-timers';
import { InvalidThresholdRuleError } from './threshold-rules';

jest.setTimeout(60_000);

const ACME = 'acme-checks';
const GLOBEX = 'globex-checks';
const admin: Principal = { userId: 'u-admin', tenantId: ACME, roles: [Role.ADMIN], teamId: null };

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let clock: ManualClock;
let alerts: ReportAlerts;
let scheduler: TimerScheduler;
let worker: TimerWorker;
const firings: TimerFiring[] = [];

async function captureLead(tenantId: string): Promise<{ leadId: string; position: number }> {
  const leadId = uuidv7();
  const result = await store.append(`sales.Lead-${leadId}`, [
    {
      eventId: uuidv7(),
      type: 'sales.LeadCaptured',
      tenantId,
      occurredAt: '2026-06-01T00:00:00.000Z',
      actor: { kind: 'system', name: 'checks-test' },
      correlationId: 'c',
      causationId: 'c',
      data: {},
    },
  ]);
  return { leadId, position: Number(result.events.at(-1)!.globalPosition) };
}

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'report_checks' }),
    createThrowawayPostgresDatabase({ prefix: 'report_checks' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: [
      ...storeEventTypes(REPORTS_EVENT_CONTRACTS),
      { type: 'sales.LeadCaptured', schemaVersion: 1 },
    ],
    migrate: true,
  });
  await migrateTimersSchema(store.pool);
  clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
  const engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: clock.now,
  });
  alerts = new ReportAlerts({
    store,
    engine,
    clock: clock.now,
    reconcile: () =>
      reconcileReadModels({
        connection,
        streams: new PostgresStreamCounter(store.pool),
        storeHead: new PostgresStoreHead(store.pool),
        datasets: [leadsDataset],
        clock: clock.now,
      }),
  });
  scheduler = new TimerScheduler(store.pool, REPORT_TIMERS_OWNER, clock);
  worker = new TimerWorker({
    pool: store.pool,
    owner: REPORT_TIMERS_OWNER,
    actorName: REPORT_CHECKS_ACTOR,
    clock,
    logger: silentLogger,
    fire: async (firing) => {
      firings.push(firing);
      await fireReportCheck(alerts, firing);
    },
  });
  await serveTestReadModel(connection, {
    projection: SALES_LEADS_PROJECTION,
    model: SALES_LEADS_MODEL,
    collection: 'leads_checks_test',
    storeCheckpoint: 0,
  });
  await serveTestReadModel(connection, {
    projection: TICKET_QUEUE_PROJECTION,
    model: TICKET_QUEUE_MODEL,
    collection: 'tickets_checks_test',
    storeCheckpoint: 0,
  });
});

afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
});

describe('daily reconciliation timer', () => {
  it('alerts the tenant whose read model lost a row, once per firing, again the next day', async () => {
    const acme = [await captureLead(ACME), await captureLead(ACME)];
    const globex = await captureLead(GLOBEX);
    // acme's second lead is below the checkpoint yet missing from the read model.
    await connection.db!.collection('leads_checks_test').insertMany([
      { _id: acme[0]!.leadId as never, tenantId: ACME },
      { _id: globex.leadId as never, tenantId: GLOBEX },
    ]);
    await setTestCheckpoint(connection, SALES_LEADS_PROJECTION, globex.position);

    expect(await scheduleReconciliation(scheduler)).toEqual(new Date('2026-06-02T03:00:00Z'));
    // A gateway (re)starting after the due instant keeps the due timer instead of moving it on.
    clock.set('2026-06-02T03:00:30Z');
    expect(await scheduleReconciliation(scheduler)).toEqual(new Date('2026-06-02T03:00:00Z'));
    clock.set('2026-06-02T02:59:59Z');
    expect(await worker.drain()).toBe(0);
    clock.set('2026-06-02T03:00:00Z');
    expect(await worker.drain()).toBe(1);

    const found = await alerts.alerts(ACME, 10);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      type: READ_MODEL_MISMATCH_FOUND,
      data: {
        dataset: 'leads',
        readModelRows: 1,
        storeStreamsAtCheckpoint: 2,
        storeStreamsAtHead: 2,
        checkpoint: globex.position,
        checkedAt: '2026-06-02T03:00:00.000Z',
      },
    });
    expect(await alerts.alerts(GLOBEX, 10)).toEqual([]);

    // The same firing again (a worker that died before committing): no second alert.
    expect(await fireReportCheck(alerts, firings.at(-1)!)).toBe(0);
    expect(await alerts.alerts(ACME, 10)).toHaveLength(1);

    // Still wrong the next day: a new alert; the timer stays scheduled daily.
    expect(await scheduler.get(PLATFORM_TENANT, 'reconciliation')).toMatchObject({
      status: 'scheduled',
      dueAt: new Date('2026-06-03T03:00:00Z'),
    });
    clock.set('2026-06-03T03:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(await alerts.alerts(ACME, 10)).toHaveLength(2);

    // Repaired: the day after finds nothing.
    await connection
      .db!.collection('leads_checks_test')
      .insertOne({ _id: acme[1]!.leadId as never, tenantId: ACME });
    clock.set('2026-06-04T03:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(await alerts.alerts(ACME, 10)).toHaveLength(2);
  });
});

describe('threshold rules', () => {
  function ticket(i: number, breached: boolean, underPolicy = true) {
    return {
      _id: `t${i}`,
      tenantId: ACME,
      status: 'open',
      priority: i % 2 === 0 ? 'high' : 'low',
      channel: 'email',
      type: 'question',
      openedAt: new Date('2026-05-20T10:00:00Z'),
      version: 1,
      ...(underPolicy
        ? {
            slaPolicyId: 'standard',
            sla: {
              firstResponse: {
                dueAt: new Date('2026-05-20T12:00:00Z'),
                ...(breached ? { breachedAt: new Date('2026-05-20T12:00:00Z') } : {}),
              },
            },
          }
        : {}),
    };
  }

  it('evaluates rules hourly against the figures and records breaches as events', async () => {
    // Only the threshold timer here: the daily reconciliation has its own test.
    await scheduler.cancel(PLATFORM_TENANT, 'reconciliation');
    // 10 tickets under a policy, 3 breached, 2 without a policy: SLA met = 7 / 10 = 70 %.
    const docs = [
      ...Array.from({ length: 10 }, (_, i) => ticket(i, i < 3)),
      ticket(10, false, false),
      ticket(11, true, false),
    ];
    await connection.db!.collection('tickets_checks_test').insertMany(docs as never[]);
    const underPolicy = docs.filter((d) => d.slaPolicyId !== undefined);
    const expectedSlaMet =
      (underPolicy.filter((d) => !('breachedAt' in (d.sla?.firstResponse ?? {}))).length /
        underPolicy.length) *
      100;
    expect(expectedSlaMet).toBe(70);

    clock.set('2026-06-10T09:30:00Z');
    const sla = {
      ruleId: 'sla-met',
      pack: 'serviceDesk',
      report: 'slaAndResolution',
      measure: 'slaMet',
      comparison: 'below' as const,
      threshold: 90,
    };
    await alerts.setRule(admin, sla, 'corr-1');
    // Not breached: 12 tickets is not above 20.
    await alerts.setRule(
      admin,
      {
        ...sla,
        ruleId: 'backlog',
        report: 'backlogByAge',
        measure: 'tickets',
        comparison: 'above',
        threshold: 20,
      },
      'corr-2',
    );
    // Loyalty's read model is not serving in this database (a first build): skipped, not failed.
    await alerts.setRule(
      admin,
      {
        ...sla,
        ruleId: 'members',
        pack: 'loyalty',
        report: 'tierMix',
        measure: 'members',
        comparison: 'above',
        threshold: -1,
      },
      'corr-2b',
    );
    await scheduleThresholdChecks(scheduler, ACME);
    await scheduleThresholdChecks(scheduler, ACME); // idempotent: keeps its due instant

    // A bad rule is refused and writes nothing.
    const before = (await store.readStream(alertRulesStreamId(ACME))).streamVersion;
    await expect(alerts.setRule(admin, { ...sla, measure: 'nope' }, 'corr-3')).rejects.toThrow(
      InvalidThresholdRuleError,
    );
    expect((await store.readStream(alertRulesStreamId(ACME))).streamVersion).toBe(before);

    clock.set('2026-06-10T10:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(await scheduler.get(ACME, 'thresholds')).toMatchObject({
      status: 'scheduled',
      attempts: 0,
      lastError: null,
    });
    const breaches = (await alerts.alerts(ACME, 10)).filter((a) => a.type === THRESHOLD_BREACHED);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.data).toEqual({
      ...sla,
      value: expectedSlaMet,
      evaluatedAt: '2026-06-10T10:00:00.000Z',
      eventsBehind: expect.any(Number),
    });

    // Removed: the next hour evaluates nothing.
    expect(await alerts.removeRule(admin, 'sla-met', 'corr-4')).toBe(true);
    expect(await alerts.removeRule(admin, 'sla-met', 'corr-5')).toBe(false);
    expect((await alerts.rules(ACME)).map((r) => r.ruleId)).toEqual(['backlog', 'members']);
    clock.set('2026-06-10T11:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(
      (await alerts.alerts(ACME, 10)).filter((a) => a.type === THRESHOLD_BREACHED),
    ).toHaveLength(1);
  });
});
