// Quota attainment, pipeline against quota and forecast accuracy in a target currency (ADR 0471),
// on the real servers: rates entered as events (PostgreSQL event store), the sales board and the
// reports context's dated quotas, forecasts and opportunity histories (MongoDB-wire), the report
// through the engine. Each amount converts at the rate of the event that set it: the quota at its
// setting, a won deal at its win, the forecast at its submission, an open deal at its latest
// amount. The expected figures are computed here with the test's own rate lookup.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { REPORTS_EVENT_CONTRACTS } from '@crm/contracts/reports';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { SALES_OPPORTUNITIES_MODEL, SALES_PIPELINE_PROJECTION } from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { ReportEngine } from '../engine/report-engine';
import { standardReport } from '../packs/standard-packs';
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  REPORT_QUOTAS_MODEL,
  REPORT_QUOTAS_PROJECTION,
} from '../read-models/report-read-models';
import { expectedConversion } from '../testing/expected-conversion';
import { serveTestReadModel } from '../testing/serve-read-model';
import { ExchangeRateBook } from './exchange-rate-book';
import { MissingExchangeRateError } from './target-currency';

jest.setTimeout(60_000);

const TENANT = 'fx-quota-tenant';
const admin: Principal = { userId: 'u-admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null };
const viewer = { principal: admin, teamMemberIds: [] };
const NOW = new Date('2026-07-01T00:00:00Z');

// Reporting currency EUR. USD→EUR 0.90 from 01-01, 0.80 from 04-01, 0.75 from 05-01.
const RATES = [
  { currency: 'USD', rate: 0.9, effectiveFrom: '2026-01-01T00:00:00.000Z' },
  { currency: 'USD', rate: 0.8, effectiveFrom: '2026-04-01T00:00:00.000Z' },
  { currency: 'USD', rate: 0.75, effectiveFrom: '2026-05-01T00:00:00.000Z' },
];

/** The test's own answer (latest rate in force by then, through EUR, to cents). */
const { inTarget, sum } = expectedConversion(RATES);

const owned = { tenantId: TENANT, ownerId: 'u-rep', teamId: 't1', version: 1 };

// The rep's USD quota of 2026-Q2: 10,000 set 03-20, raised to 12,000 on 04-20.
const QUOTA_SETTINGS = [
  { at: '2026-03-20T09:00:00.000Z', amount: '10000.00' },
  { at: '2026-04-20T09:00:00.000Z', amount: '12000.00' },
];
// Forecast of 2026-Q2 in USD: 8,000 submitted 03-25, 9,000 resubmitted 05-10.
const SUBMISSIONS = [
  { at: '2026-03-25T09:00:00.000Z', amount: '8000.00' },
  { at: '2026-05-10T09:00:00.000Z', amount: '9000.00' },
];
// w1 won 04-10 for 3,000; w2 won 05-15 for 2,000; o1 open, 1,000 at its opening 04-02, its lines
// changed to 1,500 on 05-05 (dated by the reports context); o2 open 400 opened 05-20, whose dated
// history has not arrived (dated by the opening).
const W1 = {
  id: 'w1',
  amount: '3000.00',
  openedAt: '2026-03-02T09:00:00.000Z',
  wonAt: '2026-04-10T09:00:00.000Z',
};
const W2 = {
  id: 'w2',
  amount: '2000.00',
  openedAt: '2026-03-03T09:00:00.000Z',
  wonAt: '2026-05-15T09:00:00.000Z',
};
const O1_AMOUNTS = [
  { at: '2026-04-02T09:00:00.000Z', amount: '1000.00', currency: 'USD' },
  { at: '2026-05-05T09:00:00.000Z', amount: '1500.00', currency: 'USD' },
];
const O2 = { id: 'o2', amount: '400.00', openedAt: '2026-05-20T09:00:00.000Z' };

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let engine: ReportEngine;
let store: PostgresEventStore;

async function serve(projection: string, model: string, docs: object[]) {
  const collection = `${model}_fx_quota`;
  await serveTestReadModel(connection, { projection, model, collection, storeCheckpoint: 0 });
  await connection.db!.collection(collection).insertMany(docs);
}

const dated = (facts: readonly object[]) =>
  Object.fromEntries(facts.map((f, i) => [String(i + 1), f]));

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'fxq' }),
    createThrowawayPostgresDatabase({ prefix: 'fxq' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: storeEventTypes(REPORTS_EVENT_CONTRACTS),
    migrate: true,
  });
  const book = new ExchangeRateBook(store, () => NOW);
  await book.setReportingCurrency(admin, 'EUR', 'c');
  for (const rate of RATES) await book.setRate(admin, rate, 'c');
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
    rates: (tenantId) => book.rates(tenantId),
  });

  await serve(REPORT_QUOTAS_PROJECTION, REPORT_QUOTAS_MODEL, [
    {
      _id: 'quota-1',
      ...owned,
      period: '2026-Q2',
      currency: 'USD',
      amount: QUOTA_SETTINGS[1]!.amount,
      setAt: QUOTA_SETTINGS[1]!.at,
      firstSetAt: QUOTA_SETTINGS[0]!.at,
      settings: dated(QUOTA_SETTINGS),
    },
  ]);
  await serve(REPORT_FORECAST_SUBMISSIONS_PROJECTION, REPORT_FORECAST_SUBMISSIONS_MODEL, [
    {
      _id: 'f1',
      ...owned,
      period: '2026-Q2',
      currency: 'USD',
      submitted: SUBMISSIONS[1]!.amount,
      submittedAt: SUBMISSIONS[1]!.at,
      firstSubmittedAt: SUBMISSIONS[0]!.at,
      submissions: dated(SUBMISSIONS),
    },
  ]);
  const board = (id: string, status: string, amount: string, openedAt: string, more: object) => ({
    _id: id,
    ...owned,
    pipelineId: 'default',
    stageId: 's1',
    status,
    forecastCategory: 'pipeline',
    stageEnteredAt: openedAt,
    currency: 'USD',
    amount,
    openedAt,
    expectedCloseOn: '2026-06-15',
    ...more,
  });
  await serve(SALES_PIPELINE_PROJECTION, SALES_OPPORTUNITIES_MODEL, [
    board(W1.id, 'won', W1.amount, W1.openedAt, { closedAt: W1.wonAt }),
    board(W2.id, 'won', W2.amount, W2.openedAt, { closedAt: W2.wonAt }),
    board('o1', 'open', O1_AMOUNTS[1]!.amount, O1_AMOUNTS[0]!.at, {}),
    board(O2.id, 'open', O2.amount, O2.openedAt, {}),
  ]);
  const stages = (
    id: string,
    openedAt: string,
    amounts: readonly object[],
    won?: { at: string; amount: string },
  ) => ({
    _id: id,
    ...owned,
    pipelineId: 'default',
    openedAt,
    status: won ? 'won' : 'open',
    currentStageId: 's1',
    currentEnteredAt: openedAt,
    expectedCloseOn: '2026-06-15',
    moves: {
      '1': { kind: 'opened', at: openedAt, stageId: 's1' },
      ...(won && { '2': { kind: 'won', ...won, currency: 'USD' } }),
    },
    amounts: dated(amounts),
  });
  await serve(REPORT_OPPORTUNITY_STAGES_PROJECTION, REPORT_OPPORTUNITY_STAGES_MODEL, [
    stages(W1.id, W1.openedAt, [{ at: W1.openedAt, amount: W1.amount, currency: 'USD' }], {
      at: W1.wonAt,
      amount: W1.amount,
    }),
    stages(W2.id, W2.openedAt, [{ at: W2.openedAt, amount: W2.amount, currency: 'USD' }], {
      at: W2.wonAt,
      amount: W2.amount,
    }),
    stages('o1', O1_AMOUNTS[0]!.at, O1_AMOUNTS),
  ]);
});

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
}, 30_000);

// The engine shows percentages to the hundredth.
const pct = (numerator: number, denominator: number) =>
  Math.round((numerator / denominator) * 10_000) / 100;

describe('the quota reports in a target currency convert each amount at the rate of its event', () => {
  it('converts the quota at its setting, won deals at their win and the forecast at its submission', async () => {
    const quota = inTarget(12000, 'USD', QUOTA_SETTINGS[1]!.at, 'EUR');
    const won = sum([
      inTarget(3000, 'USD', W1.wonAt, 'EUR'),
      inTarget(2000, 'USD', W2.wonAt, 'EUR'),
    ]);
    const forecast = inTarget(9000, 'USD', SUBMISSIONS[1]!.at, 'EUR');
    const result = await engine.run(
      standardReport('sales', 'quotaAttainment', { currency: 'EUR' }),
      viewer,
    );
    expect(result.rows).toHaveLength(1);
    const [row] = result.rows;
    expect(row!.dimensions).toEqual(['2026-Q2', 'u-rep', 'EUR']);
    const [q, w, attainment, f, forecastToQuota] = row!.values as number[];
    expect([q, w, f]).toEqual([quota, won, forecast]);
    expect(attainment).toEqual(pct(won, quota));
    expect(forecastToQuota).toEqual(pct(forecast, quota));
    // Not the same as converting everything at one rate: the rates moved through the quarter.
    expect(won).not.toEqual(inTarget(5000, 'USD', NOW.toISOString(), 'EUR'));
  });

  it('converts the open pipeline at each deal’s latest amount, per team', async () => {
    const quota = inTarget(12000, 'USD', QUOTA_SETTINGS[1]!.at, 'EUR');
    const won = sum([
      inTarget(3000, 'USD', W1.wonAt, 'EUR'),
      inTarget(2000, 'USD', W2.wonAt, 'EUR'),
    ]);
    const open = sum([
      inTarget(1500, 'USD', O1_AMOUNTS[1]!.at, 'EUR'),
      inTarget(400, 'USD', O2.openedAt, 'EUR'),
    ]);
    const result = await engine.run(
      standardReport('sales', 'pipelineAgainstQuota', { currency: 'EUR' }),
      viewer,
    );
    const [row] = result.rows;
    expect(row!.dimensions).toEqual(['2026-Q2', 't1', 'EUR']);
    const [q, w, , , o, coverage] = row!.values as number[];
    expect([q, w, o]).toEqual([quota, won, open]);
    expect(coverage).toEqual(pct(won + open, quota));
  });

  it('as of an instant converts the amounts that stood then, at the rates of their events', async () => {
    const asOf = '2026-04-30T00:00:00Z';
    const quota = inTarget(12000, 'USD', QUOTA_SETTINGS[1]!.at, 'EUR');
    const result = await engine.run(
      standardReport('sales', 'pipelineAgainstQuota', { currency: 'EUR', asOf }),
      viewer,
    );
    const [q, w, , f, o] = result.rows[0]!.values as number[];
    expect(q).toEqual(quota);
    expect(w).toEqual(inTarget(3000, 'USD', W1.wonAt, 'EUR'));
    expect(f).toEqual(inTarget(8000, 'USD', SUBMISSIONS[0]!.at, 'EUR'));
    // o1 stood at 1,000 (its opening's amount); w2 was open then for 2,000 since 03-03.
    expect(o).toEqual(
      sum([
        inTarget(1000, 'USD', O1_AMOUNTS[0]!.at, 'EUR'),
        inTarget(2000, 'USD', W2.openedAt, 'EUR'),
      ]),
    );
  });

  it('converts forecast accuracy: submission at its instant, won deals at their win', async () => {
    const submitted = inTarget(9000, 'USD', SUBMISSIONS[1]!.at, 'EUR');
    const won = sum([
      inTarget(3000, 'USD', W1.wonAt, 'EUR'),
      inTarget(2000, 'USD', W2.wonAt, 'EUR'),
    ]);
    const result = await engine.run(
      standardReport('sales', 'forecastAccuracy', { currency: 'EUR' }),
      viewer,
    );
    const [row] = result.rows;
    expect(row!.dimensions).toEqual(['2026-Q2', 'u-rep', 'EUR']);
    const [s, w, deals, accuracy, gap] = row!.values as number[];
    expect([s, w, deals]).toEqual([submitted, won, 2]);
    expect(accuracy).toEqual(pct(won, submitted));
    expect(gap).toBeCloseTo(won - submitted, 2);
    // In the forecast's own currency nothing changes.
    const usd = await engine.run(
      standardReport('sales', 'forecastAccuracy', { currency: 'USD' }),
      viewer,
    );
    expect(usd.rows[0]!.values.slice(0, 3)).toEqual([9000, 5000, 2]);
  });

  it('refuses when a rate is missing, naming the rate and the instant of the amount', async () => {
    // USD has no rate before 01-01: a quota set then cannot be converted.
    await connection.db!.collection(`${REPORT_QUOTAS_MODEL}_fx_quota`).insertOne({
      _id: 'quota-old' as never,
      ...owned,
      ownerId: 'u-other',
      period: '2026-Q1',
      currency: 'USD',
      amount: '500.00',
      setAt: '2025-12-15T09:00:00.000Z',
      firstSetAt: '2025-12-15T09:00:00.000Z',
      settings: dated([{ at: '2025-12-15T09:00:00.000Z', amount: '500.00' }]),
    });
    const refused = engine.run(
      standardReport('sales', 'quotaAttainment', { currency: 'EUR' }),
      viewer,
    );
    await expect(refused).rejects.toThrow(MissingExchangeRateError);
    await expect(refused).rejects.toThrow(
      'currency: no USD→EUR rate in force at 2025-12-15T09:00:00.000Z: enter one with setExchangeRate',
    );
  });
});
