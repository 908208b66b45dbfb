// Opportunity, quote and forecast amounts in a target currency, each at the rate in force when the
// event that set it happened, on the real servers: rates entered as events (PostgreSQL event
// store), the sales read models and the reports context's dated histories (MongoDB-wire), the
// report through the engine. The expected figures are computed here with the test's own rate
// lookup; a missing rate refuses the report, naming the rate and the instant.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { REPORTS_EVENT_CONTRACTS } from '@crm/contracts/reports';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import {
  SALES_FORECASTS_MODEL,
  SALES_FORECASTS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  SALES_QUOTES_MODEL,
  SALES_QUOTES_PROJECTION,
} from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { ReportEngine } from '../engine/report-engine';
import { standardReport } from '../packs/standard-packs';
import {
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  REPORT_QUOTE_HISTORY_MODEL,
  REPORT_QUOTE_HISTORY_PROJECTION,
} from '../read-models/report-read-models';
import { expectedConversion } from '../testing/expected-conversion';
import { serveTestReadModel } from '../testing/serve-read-model';
import { ExchangeRateBook } from './exchange-rate-book';
import { MissingExchangeRateError } from './target-currency';

jest.setTimeout(60_000);

const TENANT = 'fx-target-tenant';
const admin: Principal = { userId: 'u-admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null };
const viewer = { principal: admin, teamMemberIds: [] };
const NOW = new Date('2026-07-01T00:00:00Z');

// Reporting currency EUR. USD→EUR 0.90 from 01-01, 0.80 from 04-01; GBP→EUR 1.15 from 02-01.
const RATES = [
  { currency: 'USD', rate: 0.9, effectiveFrom: '2026-01-01T00:00:00.000Z' },
  { currency: 'USD', rate: 0.8, effectiveFrom: '2026-04-01T00:00:00.000Z' },
  { currency: 'GBP', rate: 1.15, effectiveFrom: '2026-02-01T00:00:00.000Z' },
];

/** The test's own answer (latest rate in force by then, through EUR, to cents). */
const { inTarget, sum } = expectedConversion(RATES);

const owned = { tenantId: TENANT, ownerId: 'u-rep', teamId: 't1', version: 1 };
const opened = (at: string) => ({ kind: 'opened', at, stageId: 's1' });

// o1: USD 1000 at the opening (01-10), lines changed to 1200 on 04-15. o2: EUR 500 opened 03-01.
// o3: GBP 300 opened 05-01, whose dated history has not arrived (dated by the opening).
const OPPORTUNITIES = [
  { id: 'o1', currency: 'USD', amount: '1200.00', openedAt: '2026-01-10T09:00:00.000Z' },
  { id: 'o2', currency: 'EUR', amount: '500.00', openedAt: '2026-03-01T09:00:00.000Z' },
  { id: 'o3', currency: 'GBP', amount: '300.00', openedAt: '2026-05-01T09:00:00.000Z' },
];
const O1_AMOUNTS = [
  { at: '2026-01-10T09:00:00.000Z', amount: '1000.00', currency: 'USD' },
  { at: '2026-04-15T10:00:00.000Z', amount: '1200.00', currency: 'USD' },
];

// q1: USD, version 1 (100) on 03-01, version 2 (200) on 04-10. q2: EUR 50, no history yet.
const QUOTE_VERSIONS = [
  { at: '2026-03-01T08:00:00.000Z', amount: '100.00' },
  { at: '2026-04-10T08:00:00.000Z', amount: '200.00' },
];

// f1: USD submitted 1000 on 03-15, adjusted to 900 on 04-05.
const FORECAST = {
  submitted: '1000.00',
  submittedAt: '2026-03-15T12:00:00.000Z',
  adjusted: '900.00',
  adjustedAt: '2026-04-05T12:00:00.000Z',
};

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let engine: ReportEngine;

async function serve(projection: string, model: string, docs: object[]) {
  const collection = `${model}_fx_target`;
  await serveTestReadModel(connection, { projection, model, collection, storeCheckpoint: 0 });
  await connection.db!.collection(collection).insertMany(docs);
}

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'fxt' }),
    createThrowawayPostgresDatabase({ prefix: 'fxt' }),
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

  await serve(
    SALES_PIPELINE_PROJECTION,
    SALES_OPPORTUNITIES_MODEL,
    OPPORTUNITIES.map((o) => ({
      _id: o.id,
      ...owned,
      pipelineId: 'default',
      stageId: 's1',
      status: 'open',
      forecastCategory: 'pipeline',
      stageEnteredAt: o.openedAt,
      currency: o.currency,
      amount: o.amount,
      openedAt: o.openedAt,
    })),
  );
  const stagesOf = (o: (typeof OPPORTUNITIES)[number], amounts: typeof O1_AMOUNTS) => ({
    _id: o.id,
    ...owned,
    pipelineId: 'default',
    openedAt: o.openedAt,
    status: 'open',
    currentStageId: 's1',
    currentEnteredAt: o.openedAt,
    moves: { '1': opened(o.openedAt) },
    amounts: Object.fromEntries(amounts.map((a, i) => [String(i * 2 + 1), a])),
  });
  await serve(REPORT_OPPORTUNITY_STAGES_PROJECTION, REPORT_OPPORTUNITY_STAGES_MODEL, [
    stagesOf(OPPORTUNITIES[0]!, O1_AMOUNTS),
    stagesOf(OPPORTUNITIES[1]!, [
      { at: OPPORTUNITIES[1]!.openedAt, amount: '500.00', currency: 'EUR' },
    ]),
  ]);

  const quote = { ...owned, opportunityId: 'o1', customerId: 'c1', status: 'draft' };
  await serve(SALES_QUOTES_PROJECTION, SALES_QUOTES_MODEL, [
    {
      _id: 'q1',
      ...quote,
      currency: 'USD',
      amount: '200.00',
      approvalReasons: [],
      createdAt: QUOTE_VERSIONS[0]!.at,
    },
    {
      _id: 'q2',
      ...quote,
      currency: 'EUR',
      amount: '50.00',
      approvalReasons: [],
      createdAt: '2026-02-01T08:00:00.000Z',
    },
  ]);
  await serve(REPORT_QUOTE_HISTORY_PROJECTION, REPORT_QUOTE_HISTORY_MODEL, [
    {
      _id: 'q1',
      ...owned,
      facts: Object.fromEntries(
        QUOTE_VERSIONS.map((v, i) => [
          String(i + 1),
          { kind: 'version', approvalReasons: [], ...v },
        ]),
      ),
    },
  ]);
  await serve(SALES_FORECASTS_PROJECTION, SALES_FORECASTS_MODEL, [
    { _id: 'f1', ...owned, period: '2026-Q2', currency: 'USD', submissionCount: 1, ...FORECAST },
  ]);
});

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
}, 30_000);

describe('a report asked for a target currency converts every amount at the rate of its event', () => {
  const opportunities = {
    dataset: 'opportunities',
    dimensions: ['currency'],
    measures: ['amount'],
  };

  it('converts opportunity amounts at the instant each amount was set', async () => {
    const [, o2, o3] = OPPORTUNITIES;
    const expected = (target: string) =>
      sum([
        inTarget(1200, 'USD', O1_AMOUNTS[1]!.at, target),
        inTarget(500, 'EUR', o2!.openedAt, target),
        inTarget(300, 'GBP', o3!.openedAt, target),
      ]);
    const eur = await engine.run({ ...opportunities, currency: 'EUR' }, viewer);
    expect(eur.rows).toEqual([{ dimensions: ['EUR'], values: [expected('EUR')] }]);
    // Through the reporting currency: each side at its rate of the amount's instant.
    const usd = await engine.run({ ...opportunities, currency: 'USD' }, viewer);
    expect(usd.totals).toEqual([expected('USD')]);
    // Filters see each deal's own currency; its amount is shown converted.
    const onlyUsd = await engine.run(
      { ...opportunities, currency: 'EUR', filters: [{ dimension: 'currency', values: ['USD'] }] },
      viewer,
    );
    expect(onlyUsd.totals).toEqual([inTarget(1200, 'USD', O1_AMOUNTS[1]!.at, 'EUR')]);
  });

  it('as of an instant converts the amount that stood then, at the rate of its setting', async () => {
    const asOf = '2026-03-31T00:00:00Z';
    const result = await engine.run({ ...opportunities, currency: 'EUR', asOf }, viewer);
    expect(result.totals).toEqual([sum([inTarget(1000, 'USD', O1_AMOUNTS[0]!.at, 'EUR'), 500])]);
    const drill = await engine.drillDown(
      { ...opportunities, currency: 'EUR', asOf },
      ['EUR'],
      viewer,
    );
    expect(drill.records.map((r) => [r.id, r.amount, r.currency])).toEqual([
      ['o1', String(inTarget(1000, 'USD', O1_AMOUNTS[0]!.at, 'EUR')), 'EUR'],
      ['o2', '500', 'EUR'],
    ]);
  });

  it('converts quotes at their current version and forecasts at submission and adjustment', async () => {
    const quotes = { dataset: 'quotes', dimensions: [], measures: ['amount'], currency: 'EUR' };
    expect((await engine.run(quotes, viewer)).totals).toEqual([
      sum([inTarget(200, 'USD', QUOTE_VERSIONS[1]!.at, 'EUR'), 50]),
    ]);
    const quotesThen = await engine.run({ ...quotes, asOf: '2026-04-01T00:00:00Z' }, viewer);
    expect(quotesThen.totals).toEqual([
      sum([inTarget(100, 'USD', QUOTE_VERSIONS[0]!.at, 'EUR'), 50]),
    ]);

    const forecasts = {
      dataset: 'forecasts',
      dimensions: ['currency'],
      measures: ['submitted', 'adjusted'],
    };
    const result = await engine.run({ ...forecasts, currency: 'EUR' }, viewer);
    expect(result.rows).toEqual([
      {
        dimensions: ['EUR'],
        values: [
          inTarget(1000, 'USD', FORECAST.submittedAt, 'EUR'),
          inTarget(900, 'USD', FORECAST.adjustedAt, 'EUR'),
        ],
      },
    ]);
    // A standard report takes the target currency too (forecasts, submitted, adjusted per period).
    const standard = await engine.run(
      standardReport('sales', 'forecastByPeriod', { currency: 'EUR' }),
      viewer,
    );
    expect(standard.rows).toEqual([
      {
        dimensions: ['2026-Q2', 'EUR'],
        values: [
          1,
          inTarget(1000, 'USD', FORECAST.submittedAt, 'EUR'),
          inTarget(900, 'USD', FORECAST.adjustedAt, 'EUR'),
        ],
      },
    ]);
  });

  it('refuses a report when a rate is missing, naming the rate and the instant', async () => {
    await expect(engine.run({ ...opportunities, currency: 'JPY' }, viewer)).rejects.toThrow(
      /currency: no .*JPY→EUR rate in force at 2026-/,
    );
    await connection.db!.collection(`${SALES_OPPORTUNITIES_MODEL}_fx_target`).insertOne({
      _id: 'o4' as never,
      ...owned,
      pipelineId: 'default',
      stageId: 's1',
      status: 'open',
      forecastCategory: 'pipeline',
      stageEnteredAt: '2026-01-20T09:00:00.000Z',
      currency: 'GBP',
      amount: '10.00',
      openedAt: '2026-01-20T09:00:00.000Z',
    });
    const refused = engine.run({ ...opportunities, currency: 'EUR' }, viewer);
    await expect(refused).rejects.toThrow(MissingExchangeRateError);
    await expect(refused).rejects.toThrow(
      'no GBP→EUR rate in force at 2026-01-20T09:00:00.000Z: enter one with setExchangeRate',
    );
    await expect(engine.run({ ...opportunities, currency: 'euro' }, viewer)).rejects.toThrow(
      'currency: must be an ISO 4217 code such as EUR',
    );
    await expect(
      engine.run(
        { dataset: 'leads', dimensions: [], measures: ['leads'], currency: 'EUR' },
        viewer,
      ),
    ).rejects.toThrow('currency: leads has no amounts to convert');
  });
});
