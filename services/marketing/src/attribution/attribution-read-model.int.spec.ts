// The attribution report from its read model (ADR 0451) against the real servers: over one history
// of touches (one opened), orders, a partial refund, a cancellation and costs, the report read from
// the `marketing-attribution` documents equals the report folded from the log as it was computed
// before (kept below as the reference), under every model, two windows and two engagement levels;
// every event delivered again changes no document; and a rebuild of the read model equals the live one.
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import {
  CommandHandler,
  PostgresEventStore,
  systemRuntime,
  type Decider,
  type DomainEvent,
  type EventStore,
} from '@crm/event-sourcing';
import {
  ATTRIBUTION_MODELS,
  attributionReport,
  customerTouchesDecider,
  customerTouchesStreamId,
  marketingCostsDecider,
  marketingCostsStreamId,
  netOfReversals,
  toMinor,
  type AttributionModel,
  type Cost,
  type EngagementLevel,
  type MarketingCostRecorded,
  type OrderAttributionRecorded,
  type OrderRevenueReversed,
  type OrderWithTouches,
} from '@crm/marketing-domain';
import {
  AttributionFacts,
  MARKETING_ATTRIBUTION_MODEL,
  MARKETING_ATTRIBUTION_PROJECTION,
  marketingAttributionProjection,
  projectAttributionFact,
} from '@crm/marketing-read-models';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  ALIASES_COLLECTION,
  IdempotentWriter,
  ReadModelResolver,
  connectMongo,
  defineProjection,
  type ProjectionDefinition,
} from '@crm/read-models';
import { runProjection, snapshotServing, withoutRuntimeFields } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { AttributionReporting } from './attribution-report';

jest.setTimeout(120_000);

const TENANT = 'tenant-attr';
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
const stops: (() => Promise<void>)[] = [];

function startRunner(definition: ProjectionDefinition): void {
  stops.push(
    runProjection(definition, {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: silentLogger,
      pollIntervalMs: 100,
    }),
  );
}

async function run<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
  tenantId = TENANT,
): Promise<void> {
  await new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
    tenantId,
    actor: { kind: 'system', name: 'marketing.attribution' },
  });
}

/** The report as it was computed before ADR 0451: a fold of the tenant's log, read per call. */
async function reportFromLog(
  source: EventStore,
  tenantId: string,
  model: AttributionModel,
  windowDays: number,
  minimumEngagement: EngagementLevel,
) {
  const orders: OrderWithTouches[] = [];
  const costs: Cost[] = [];
  const reversedMinor = new Map<string, number>();
  for await (const event of source.readAll({
    filter: {
      tenantIds: [tenantId],
      eventTypes: [
        'marketing.OrderAttributionRecorded',
        'marketing.MarketingCostRecorded',
        'marketing.OrderRevenueReversed',
      ],
    },
  })) {
    if (event.type === 'marketing.OrderRevenueReversed') {
      const { orderId, amount } = event.data as OrderRevenueReversed['data'];
      reversedMinor.set(orderId, (reversedMinor.get(orderId) ?? 0) + toMinor(amount));
    } else if (event.type === 'marketing.OrderAttributionRecorded') {
      const { amount, ...order } = event.data as OrderAttributionRecorded['data'];
      orders.push({ ...order, amountMinor: toMinor(amount) });
    } else {
      const { sourceKind, sourceId, channel, amount, currency } =
        event.data as MarketingCostRecorded['data'];
      costs.push({ sourceKind, sourceId, channel, currency, amountMinor: toMinor(amount) });
    }
  }
  return attributionReport(
    netOfReversals(orders, reversedMinor),
    costs,
    model,
    windowDays,
    minimumEngagement,
  );
}

type Source = { sourceKind: 'campaign' | 'journey'; sourceId: string; channel: string };

const touch = (customerId: string, touchId: string, source: Source, touchedAt: string) =>
  run(customerTouchesDecider, customerTouchesStreamId(customerId), {
    type: 'RecordTouch',
    data: { ...source, customerId, touchId, touchedAt, now: touchedAt },
  });
const order = (customerId: string, orderId: string, amount: string, currency: string, at: string) =>
  run(customerTouchesDecider, customerTouchesStreamId(customerId), {
    type: 'RecordOrderForAttribution',
    data: { orderId, customerId, amount, currency, placedAt: at, now: at },
  });
const cost = (source: Source, costId: string, amount: string, tenantId = TENANT) =>
  run(
    marketingCostsDecider,
    marketingCostsStreamId(source.sourceKind, source.sourceId),
    {
      type: 'RecordMarketingCost',
      data: { ...source, costId, amount, currency: 'EUR', now: '2026-05-01T00:00:00.000Z' },
    },
    tenantId,
  );

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'mkt-attr' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes(marketingContracts.events),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'mkt-attr' });
  connection = await connectMongo(mongoDb.url);
  startRunner(marketingAttributionProjection);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

describe('the attribution report from its read model', () => {
  it('equals the fold of the log under every model, window and engagement; a rebuild equals live', async () => {
    const spring = { sourceKind: 'campaign', sourceId: 'spring', channel: 'email' } as const;
    const welcome = { sourceKind: 'journey', sourceId: 'welcome', channel: 'sms' } as const;
    await touch('anna', 't1', spring, '2026-04-01T09:00:00.000Z');
    await touch('anna', 't2', welcome, '2026-04-20T09:00:00.000Z');
    await run(customerTouchesDecider, customerTouchesStreamId('anna'), {
      type: 'RecordEngagement',
      data: {
        sourceKind: 'campaign',
        sourceId: 'spring',
        customerId: 'anna',
        engagement: 'opened',
        now: '2026-04-02T09:00:00.000Z',
      },
    });
    await touch('bert', 't3', spring, '2026-04-25T09:00:00.000Z');
    await order('anna', 'o1', '100.00', 'EUR', '2026-04-28T09:00:00.000Z');
    await order('bert', 'o2', '50.00', 'EUR', '2026-04-28T10:00:00.000Z');
    await order('bert', 'o3', '20.00', 'USD', '2026-04-29T10:00:00.000Z');
    await order('cara', 'o4', '7.50', 'EUR', '2026-04-29T11:00:00.000Z');
    // A partial refund of o1, then o2 cancelled (what was left of it is taken back).
    await run(customerTouchesDecider, customerTouchesStreamId('anna'), {
      type: 'RecordOrderReversal',
      data: {
        orderId: 'o1',
        customerId: 'anna',
        reversalId: 'r1',
        reversal: 'refund',
        reversedAt: '2026-04-30T09:00:00.000Z',
        refund: { amount: '30.00', currency: 'EUR' },
        now: '2026-04-30T09:00:00.000Z',
      },
    });
    await run(customerTouchesDecider, customerTouchesStreamId('bert'), {
      type: 'RecordOrderReversal',
      data: {
        orderId: 'o2',
        customerId: 'bert',
        reversalId: 'r2',
        reversal: 'cancellation',
        reversedAt: '2026-04-30T10:00:00.000Z',
        now: '2026-04-30T10:00:00.000Z',
      },
    });
    await cost(spring, 'k1', '10.00');
    await cost(welcome, 'k2', '5.00');
    await cost({ ...spring, sourceId: 'autumn' }, 'k3', '99.00', 'another-tenant');

    const reporting = new AttributionReporting(new AttributionFacts(connection));
    const byLog = await reportFromLog(store, TENANT, 'linear', 30, 'sent');
    expect(byLog.bySource.some((r) => r.costMinor === 1000 && r.revenueMinor > 0)).toBe(true);
    await eventually(
      async () => expect(await reporting.report(TENANT, 'linear', 30, 'sent')).toEqual(byLog),
      { timeoutMs: 60_000 },
    );
    for (const model of ATTRIBUTION_MODELS)
      for (const windowDays of [7, 30])
        for (const engagement of ['sent', 'opened'] as const)
          expect(await reporting.report(TENANT, model, windowDays, engagement)).toEqual(
            await reportFromLog(store, TENANT, model, windowDays, engagement),
          );

    const live = await snapshotServing(connection, MARKETING_ATTRIBUTION_PROJECTION);
    // Every event delivered again, as after a crash before the checkpoint: nothing changes.
    const redelivered = [];
    for await (const event of store.readAll({
      filter: { eventTypes: [...marketingAttributionProjection.eventTypes] },
    }))
      redelivered.push({ event, changes: [projectAttributionFact(event)!] });
    expect(redelivered.length).toBeGreaterThan(8);
    const collection = await new ReadModelResolver(connection).collectionName(
      MARKETING_ATTRIBUTION_PROJECTION,
      MARKETING_ATTRIBUTION_MODEL,
    );
    await new IdempotentWriter(connection).write(
      { [MARKETING_ATTRIBUTION_MODEL]: collection },
      redelivered,
    );
    expect(await snapshotServing(connection, MARKETING_ATTRIBUTION_PROJECTION)).toEqual(live);
    startRunner(defineProjection({ ...marketingAttributionProjection, version: 2 }));
    await eventually(
      async () => {
        const aliases = connection.db!.collection<{ _id: string; version: number }>(
          ALIASES_COLLECTION,
        );
        expect((await aliases.findOne({ _id: MARKETING_ATTRIBUTION_PROJECTION }))?.version).toBe(2);
      },
      { timeoutMs: 60_000 },
    );
    const rebuilt = await snapshotServing(connection, MARKETING_ATTRIBUTION_PROJECTION);
    expect(withoutRuntimeFields(rebuilt)).toEqual(withoutRuntimeFields(live));
    expect(await reporting.report(TENANT, 'firstTouch', 30, 'sent')).toEqual(
      await reportFromLog(store, TENANT, 'firstTouch', 30, 'sent'),
    );
  });
});
