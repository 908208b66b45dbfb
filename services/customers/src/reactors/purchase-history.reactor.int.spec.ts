// sales.OrderPlaced → customers RecordPurchase, on the real Customers service and PostgreSQL: one
// purchase per order whatever happens (two replicas delivering the same events, a kill -9 between
// the command and the checkpoint, a replay from zero), and poison events parked with the reason and
// retried after a fix. sales.OrderCancelled / OrderRefunded → CancelPurchase / RefundPurchase: once
// per sales event, netting at most what the purchase still counts (ADR 0470).
import { startTsChild } from '@crm/messaging/testing';
import { Reactor } from '@crm/reactors';
import type { PostgresEventStore } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CustomersApplication } from '../application/customers.application';
import {
  DEFAULT_CALLER,
  MASTER_KEY,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';
import {
  TENANT,
  contractsWithOrderPlacedV2,
  orderFollowUp,
  orderPlaced,
  purchasesOf,
  reactorDependencies,
  reversalsOf,
  salesProducer,
} from '../../test/purchase-history-reactor.fixture';
import { CustomersReactors } from './customers-reactors';
import { PURCHASE_HISTORY_REACTOR, purchaseHistoryReactor } from './purchase-history.reactor';

jest.setTimeout(90_000);

const ADMIN_META = {
  caller: DEFAULT_CALLER,
  tenantId: TENANT,
  actorUserId: 'user-1',
  correlationId: 'c-reg',
};

let t: CustomersTestService;
let app: CustomersApplication;
let serviceReactor: Reactor;
let sales: PostgresEventStore;
let reader: PostgresEventStore;
let pool: Pool;
const others: Reactor[] = [];
// Every store this spec opens is closed before the database is dropped: an open one would try to
// re-LISTEN after the drop, from a timer that fires in the next spec file's environment.
const otherStores: PostgresEventStore[] = [];

beforeAll(async () => {
  t = await startCustomersTestService('reactor');
  app = t.service.app.get(CustomersApplication);
  serviceReactor = t.service.app.get(CustomersReactors).reactors[0]!;
  sales = await salesProducer(t.database.url);
  pool = new Pool({ connectionString: t.database.url, max: 4 });
  reader = (await reactorDependencies(t.database.url, pool)).store;
});

afterAll(async () => {
  for (const reactor of others) await reactor.stop();
  for (const store of otherStores) await store.close();
  await sales?.close();
  await reader?.close();
  await pool?.end();
  await t?.stop();
});

async function registerCustomer(): Promise<string> {
  const customerId = uuidv7();
  await app.execute(ADMIN_META, {
    type: 'RegisterCustomer',
    data: {
      customerId,
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'L' },
      contacts: [],
    },
  });
  return customerId;
}

async function place(customerId: string, overrides = {}, schemaVersion?: number) {
  const order = orderPlaced(customerId, overrides, schemaVersion);
  const producer = schemaVersion === 2 ? await salesProducer(t.database.url, 2) : sales;
  const result = await producer.append(order.streamId, [order.event]);
  if (producer !== sales) await producer.close();
  return { ...order, globalPosition: result.events[0]!.globalPosition };
}

/** Another instance of the same reactor (same name, so same checkpoint and keys), as a replica would be. */
async function otherReactor(
  contracts = contractsWithOrderPlacedV2(),
  delivered: string[] = [],
): Promise<Reactor> {
  const deps = await reactorDependencies(t.database.url, pool, contracts);
  otherStores.push(deps.store);
  const definition = purchaseHistoryReactor(app);
  const reactor = new Reactor(
    {
      ...definition,
      react: async (event, reaction) => {
        delivered.push(event.eventId);
        await definition.react(event, reaction);
      },
    },
    deps,
  );
  others.push(reactor);
  return reactor;
}

async function health(): Promise<{ reactors: { name: string; lag: number; parked: number }[] }> {
  const response = await fetch(`http://127.0.0.1:${t.service.healthPort}/health`);
  return (await response.json()) as never;
}

describe('purchase-history reactor (sales.OrderPlaced → RecordPurchase)', () => {
  it('records the purchase under its service identity, traced to the order, and shows lag 0 on /health', async () => {
    const customerId = await registerCustomer();
    const order = await place(customerId);
    const purchases = await eventually(async () => {
      const found = await purchasesOf(reader, customerId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(purchases[0]).toEqual({
      orderId: (order.event.data as { orderId: string }).orderId,
      actor: { kind: 'system', name: PURCHASE_HISTORY_REACTOR },
      causationId: order.event.eventId,
      correlationId: order.event.correlationId,
    });
    await eventually(async () => {
      const body = await health();
      expect(body.reactors).toEqual([
        expect.objectContaining({ name: PURCHASE_HISTORY_REACTOR, lag: 0, parked: 0 }),
      ]);
    });
  });

  it('has one effect when two replicas deliver the same events, and a replay from zero adds nothing', async () => {
    const delivered: string[] = [];
    const replica = await otherReactor(contractsWithOrderPlacedV2(), delivered);
    await serviceReactor.stop();
    const customerId = await registerCustomer();
    const orders: Awaited<ReturnType<typeof place>>[] = [];
    for (let i = 0; i < 5; i++) orders.push(await place(customerId));
    // Both replicas start from position 0 at once: every order is delivered (at least) twice.
    await serviceReactor.replayFrom(0);
    await Promise.all([serviceReactor.start(), replica.start()]);
    await eventually(async () => {
      expect(delivered).toEqual(expect.arrayContaining(orders.map((o) => o.event.eventId)));
      expect((await serviceReactor.status()).lag).toBe(0);
    });
    expect(await purchasesOf(reader, customerId)).toHaveLength(5);

    await replica.stop();
    await serviceReactor.replayFrom(0);
    await eventually(async () => expect((await serviceReactor.status()).lag).toBe(0));
    const after = await purchasesOf(reader, customerId);
    expect(after.map((p) => p.orderId).sort()).toEqual(
      orders.map((o) => (o.event.data as { orderId: string }).orderId).sort(),
    );
  });

  it('records one purchase after a kill -9 between the command and the checkpoint', async () => {
    await serviceReactor.stop();
    await eventually(async () => expect((await serviceReactor.status()).lag).toBe(0));
    const customerId = await registerCustomer();
    const order = await place(customerId);
    const checkpointBefore = (await serviceReactor.status()).checkpoint;

    const child = startTsChild('services/customers/test/purchase-history-crash.child.ts', [], {
      CRM_POSTGRES_URL: t.database.url,
      CRM_MASTER_KEY: MASTER_KEY,
      CRM_SERVICE_TOKEN_PUBLIC_KEY: t.keys.publicKey,
      CRM_LOG_LEVEL: 'silent',
    });
    await child.exited;
    expect(child.process.signalCode).toBe('SIGKILL');
    expect(child.output()).toContain(`commanded ${order.event.eventId}`);
    expect(await purchasesOf(reader, customerId)).toHaveLength(1);
    // The crash came before the checkpoint: the order is still ahead of it.
    expect((await serviceReactor.status()).checkpoint).toBe(checkpointBefore);
    expect(checkpointBefore).toBeLessThan(order.globalPosition);

    await serviceReactor.start();
    await eventually(async () => {
      const status = await serviceReactor.status();
      expect(status.checkpoint).toBeGreaterThanOrEqual(order.globalPosition);
    });
    expect(await purchasesOf(reader, customerId)).toHaveLength(1);
  });

  it('parks events that break the contract or are refused, with the reason, and retries them after a fix', async () => {
    const customerId = await registerCustomer();
    const malformed = await place(customerId, { amount: 80 });
    const newerVersion = await place(customerId, { note: 'gift' }, 2);
    const unknownCustomer = uuidv7();
    const early = await place(unknownCustomer);
    const fine = await place(customerId);

    await eventually(async () => {
      const parked = await serviceReactor.parked('parked');
      const byId = new Map(parked.map((p) => [p.eventId, p.reason]));
      expect(byId.get(malformed.event.eventId)).toMatch(/invalid_message.*\/data\/amount/);
      expect(byId.get(newerVersion.event.eventId)).toMatch(/missing_contract.*OrderPlaced v2/);
      expect(byId.get(early.event.eventId)).toMatch(/CustomerNotFound/);
    });
    // Parking does not hold the rest back.
    await eventually(async () =>
      expect((await purchasesOf(reader, customerId)).map((p) => p.orderId)).toEqual([
        (fine.event.data as { orderId: string }).orderId,
      ]),
    );
    expect((await health()).reactors[0]).toMatchObject({ parked: 3 });

    // The fixes: the customer now exists; the reactor is deployed with the v2 contract.
    await app.execute(ADMIN_META, {
      type: 'RegisterCustomer',
      data: {
        customerId: unknownCustomer,
        kind: 'person',
        person: { firstName: 'Late', lastName: 'Comer' },
        contacts: [],
      },
    });
    // The operator's CLI retries the order of the customer who now exists.
    const cli = startTsChild(
      'services/customers/src/reactors/reactors-cli.ts',
      ['retry', PURCHASE_HISTORY_REACTOR, early.event.eventId],
      {
        CRM_POSTGRES_URL: t.database.url,
        CRM_MASTER_KEY: MASTER_KEY,
        CRM_SERVICE_TOKEN_PUBLIC_KEY: t.keys.publicKey,
      },
    );
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`"resolved": [\n    "${early.event.eventId}"\n  ]`);
    expect(await purchasesOf(reader, unknownCustomer)).toHaveLength(1);

    const fixed = await otherReactor();
    const outcome = await fixed.retryParked();
    expect(outcome.resolved).toEqual([newerVersion.event.eventId]);
    expect(outcome.stillParked).toEqual([
      { eventId: malformed.event.eventId, reason: expect.stringMatching(/\/data\/amount/) },
    ]);
    expect(await purchasesOf(reader, customerId)).toHaveLength(2);
    expect(await purchasesOf(reader, unknownCustomer)).toHaveLength(1);
    // A second retry changes nothing that was done: still one purchase each.
    await fixed.retryParked();
    expect(await purchasesOf(reader, customerId)).toHaveLength(2);
    const parked = await fixed.parked();
    expect(parked.find((p) => p.eventId === malformed.event.eventId)).toMatchObject({
      status: 'parked',
      attempts: 3,
    });
    expect(parked.find((p) => p.eventId === early.event.eventId)).toMatchObject({
      status: 'resolved',
    });
  });
});

describe('purchase-history reactor (sales.OrderCancelled / OrderRefunded → net purchases)', () => {
  async function follow(
    order: Awaited<ReturnType<typeof place>>,
    type: 'sales.OrderCancelled' | 'sales.OrderRefunded',
    data: Record<string, unknown>,
  ): Promise<string> {
    const followUp = orderFollowUp(order, type, data);
    await sales.append(followUp.streamId, [followUp.event]);
    return followUp.event.eventId;
  }

  beforeAll(async () => {
    // The previous describe leaves its replica's parked events; this one needs the service reactor running.
    await serviceReactor.start();
  });

  it('nets a cancelled order to zero and a partial refund to the rest; a redelivery changes nothing', async () => {
    const customerId = await registerCustomer();
    const cancelledOrder = await place(customerId);
    const refundedOrder = await place(customerId);
    await eventually(async () => expect(await purchasesOf(reader, customerId)).toHaveLength(2));
    const orderId = (o: typeof cancelledOrder): string =>
      (o.event.data as { orderId: string }).orderId;

    const cancellation = await follow(cancelledOrder, 'sales.OrderCancelled', {
      cancelledAt: '2026-11-02T10:00:00.000Z',
    });
    const refund = await follow(refundedOrder, 'sales.OrderRefunded', {
      amount: '30.00',
      currency: 'EUR',
      refundedAt: '2026-11-03T10:00:00.000Z',
    });
    // More than is left (80.00 - 30.00) nets only the rest; the cancellation after it still takes
    // the order out of the count, with nothing left of its amount.
    const overRefund = await follow(refundedOrder, 'sales.OrderRefunded', {
      amount: '70.00',
      currency: 'EUR',
      refundedAt: '2026-11-04T10:00:00.000Z',
    });
    const lateCancellation = await follow(refundedOrder, 'sales.OrderCancelled', {
      cancelledAt: '2026-11-05T10:00:00.000Z',
    });
    const expected = [
      {
        type: 'customers.PurchaseCancelled',
        orderId: orderId(cancelledOrder),
        salesEventId: cancellation,
        amountMinor: 8000,
      },
      {
        type: 'customers.PurchaseRefunded',
        orderId: orderId(refundedOrder),
        salesEventId: refund,
        amountMinor: 3000,
      },
      {
        type: 'customers.PurchaseRefunded',
        orderId: orderId(refundedOrder),
        salesEventId: overRefund,
        amountMinor: 5000,
      },
      {
        type: 'customers.PurchaseCancelled',
        orderId: orderId(refundedOrder),
        salesEventId: lateCancellation,
        amountMinor: 0,
      },
    ];
    await eventually(async () => {
      expect((await serviceReactor.status()).lag).toBe(0);
      expect(await reversalsOf(reader, customerId)).toEqual(expected);
    });

    // Redelivery: a replay from zero, and a second replica delivering the same events again.
    const replica = await otherReactor();
    await serviceReactor.replayFrom(0);
    await replica.start();
    await eventually(async () => {
      expect((await serviceReactor.status()).lag).toBe(0);
      expect((await replica.status()).lag).toBe(0);
    });
    await replica.stop();
    expect(await reversalsOf(reader, customerId)).toEqual(expected);
    expect(await purchasesOf(reader, customerId)).toHaveLength(2);
  });

  it('parks a cancellation of an order it has not recorded, with the reason', async () => {
    const customerId = await registerCustomer();
    const neverRecorded = orderPlaced(customerId);
    const cancellation = await follow(
      { ...neverRecorded, globalPosition: 0 },
      'sales.OrderCancelled',
      { cancelledAt: '2026-11-02T10:00:00.000Z' },
    );
    await eventually(async () => {
      const parked = await serviceReactor.parked('parked');
      expect(parked.find((p) => p.eventId === cancellation)?.reason).toMatch(/PurchaseNotFound/);
    });
    expect(await reversalsOf(reader, customerId)).toEqual([]);
  });
});
