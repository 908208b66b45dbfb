// Amounts in several currencies converted at the rate in force when each order was placed, on the
// real servers: rates entered as events (PostgreSQL event store), orders in the read model
// (MongoDB-wire), the report through the engine. The expected sums are computed here with the
// test's own rate lookup; orders no rate covered are counted apart, never summed as zero.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { REPORTS_EVENT_CONTRACTS } from '@crm/contracts/reports';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { SALES_ORDERS_MODEL, SALES_ORDERS_PROJECTION } from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { ReportEngine } from '../engine/report-engine';
import { serveTestReadModel } from '../testing/serve-read-model';
import { ExchangeRateBook } from './exchange-rate-book';
import { InvalidExchangeRateError, exchangeRatesStreamId } from './exchange-rates';

jest.setTimeout(60_000);

const TENANT = 'fx-tenant';
const admin: Principal = { userId: 'u-admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null };
const NOW = new Date('2026-07-01T00:00:00Z');

// USD→EUR 0.90 from 01-01, 0.80 from 04-01; GBP→EUR 1.15 from 02-01.
const RATES = [
  { currency: 'USD', rate: 0.9, effectiveFrom: '2026-01-01T00:00:00.000Z' },
  { currency: 'USD', rate: 0.8, effectiveFrom: '2026-04-01T00:00:00.000Z' },
  { currency: 'GBP', rate: 1.15, effectiveFrom: '2026-02-01T00:00:00.000Z' },
];
const ORDERS = [
  { amountMinor: 10_000, currency: 'USD', placedAt: '2026-03-31T23:59:59.000Z' }, // 0.90
  { amountMinor: 10_000, currency: 'USD', placedAt: '2026-04-01T00:00:00.000Z' }, // 0.80
  { amountMinor: 2_550, currency: 'EUR', placedAt: '2026-01-15T00:00:00.000Z' }, // as is
  { amountMinor: 20_000, currency: 'GBP', placedAt: '2026-01-20T00:00:00.000Z' }, // no rate yet
  { amountMinor: 20_000, currency: 'GBP', placedAt: '2026-05-20T00:00:00.000Z' }, // 1.15
];

/** The test's own lookup: the latest rate at or before the instant. */
function expectedMinor(order: (typeof ORDERS)[number]): number | null {
  if (order.currency === 'EUR') return order.amountMinor;
  const inForce = RATES.filter(
    (r) => r.currency === order.currency && r.effectiveFrom <= order.placedAt,
  ).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const rate = inForce.at(-1)?.rate;
  return rate === undefined ? null : Math.round(order.amountMinor * rate);
}

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let book: ExchangeRateBook;
let engine: ReportEngine;

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'fx' }),
    createThrowawayPostgresDatabase({ prefix: 'fx' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: storeEventTypes(REPORTS_EVENT_CONTRACTS),
    migrate: true,
  });
  book = new ExchangeRateBook(store, () => NOW);
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
    rates: (tenantId) => book.rates(tenantId),
  });
  await serveTestReadModel(connection, {
    projection: SALES_ORDERS_PROJECTION,
    model: SALES_ORDERS_MODEL,
    collection: 'orders_fx_test',
    storeCheckpoint: 0,
  });
  await connection.db!.collection('orders_fx_test').insertMany(
    ORDERS.map((o, i) => ({
      _id: `o${i}` as never,
      tenantId: TENANT,
      ownerId: null,
      teamId: null,
      customerId: `c${i}`,
      items: [],
      amount: (o.amountMinor / 100).toFixed(2),
      refundedMinor: 0,
      channel: 'web',
      status: 'placed',
      version: 1,
      ...o,
    })),
  );
});

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
}, 30_000);

const REPORT = {
  dataset: 'orders',
  dimensions: ['currency'],
  measures: ['orders', 'amount', 'amountConverted', 'unconverted'],
};
const viewer = { principal: admin, teamMemberIds: [] };

describe('amounts converted at the rate in force when each order was placed', () => {
  it('refuses a rate before the reporting currency, and bad rates, writing nothing', async () => {
    await expect(book.setRate(admin, RATES[0]!, 'c')).rejects.toThrow(InvalidExchangeRateError);
    await book.setReportingCurrency(admin, 'EUR', 'c');
    await expect(book.setRate(admin, { ...RATES[0]!, rate: -1 }, 'c')).rejects.toThrow(
      /rate must be a positive number/,
    );
    await expect(book.setRate(admin, { ...RATES[0]!, currency: 'EUR' }, 'c')).rejects.toThrow(
      /currency must differ/,
    );
    expect((await store.readStream(exchangeRatesStreamId(TENANT))).events).toHaveLength(1);
  });

  it('sums each currency and the converted total, counting uncovered orders apart', async () => {
    const before = await engine.run(REPORT, viewer);
    // No rates yet: only the EUR order converts (the reporting currency itself).
    expect(before.totals).toEqual([5, 625.5, 25.5, 4]);

    for (const rate of RATES) await book.setRate(admin, rate, 'c');
    const result = await engine.run(REPORT, viewer);
    const byCurrency = (currency: string) => ORDERS.filter((o) => o.currency === currency);
    const row = (currency: string) => {
      const orders = byCurrency(currency);
      const converted = orders.map(expectedMinor);
      return {
        dimensions: [currency],
        values: [
          orders.length,
          orders.reduce((n, o) => n + o.amountMinor, 0) / 100,
          converted.reduce<number>((n, m) => n + (m ?? 0), 0) / 100,
          converted.filter((m) => m === null).length,
        ],
      };
    };
    expect(result.rows).toEqual([row('EUR'), row('GBP'), row('USD')]);
    // 90 + 80 (USD) + 25.50 (EUR) + 230 (GBP in May); the January GBP order had no rate.
    expect(result.totals).toEqual([5, 625.5, 425.5, 1]);

    // asOf keeps the orders placed by then; the rate is still the one at each placing.
    const asOf = await engine.run({ ...REPORT, asOf: '2026-03-31T23:59:59Z' }, viewer);
    expect(asOf.totals).toEqual([3, 325.5, 115.5, 1]);
  });

  it('answers every amount in a target currency, or refuses naming the missing rate', async () => {
    const inEur = {
      dataset: 'orders',
      dimensions: ['currency'],
      measures: ['amount'],
      currency: 'EUR',
    };
    await expect(engine.run(inEur, viewer)).rejects.toThrow(
      'no GBP→EUR rate in force at 2026-01-20T00:00:00.000Z',
    );
    const from = '2026-02-01T00:00:00.000Z';
    const covered = ORDERS.filter((o) => o.placedAt >= from);
    const result = await engine.run({ ...inEur, from }, viewer);
    expect(result.rows).toEqual([
      {
        dimensions: ['EUR'],
        values: [covered.reduce((n, o) => n + expectedMinor(o)!, 0) / 100],
      },
    ]);
  });
});
