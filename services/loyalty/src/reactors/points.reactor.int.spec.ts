// Customers and Sales → loyalty on the real service and PostgreSQL (Sales and Customers stand in as
// producers appending their public events): automatic enrolment, one earning per order whatever
// happens (a second replica delivering the same events, a replay from zero), a refund reversed in
// proportion, a malformed event parked with nothing written, and lots expiring at local midnight
// after their reminder as the injected clock moves and the timers fire.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { Reactor } from '@crm/reactors';
import { ContractValidator, platformContracts } from '@crm/contracts';
import { silentLogger } from '@crm/messaging';
import { eventually } from '@crm/testing';
import { TimerScheduler } from '@crm/timers';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { LoyaltyApplication } from '../application/loyalty.application';
import { LoyaltyWorkers } from '../loyalty-workers';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../../test/loyalty-test-service';
import { POINTS_REACTOR, pointsReactor } from './points.reactor';

// The store's gap-free reads wait for the oldest open transaction of the whole PostgreSQL cluster:
// on a cluster shared with other test runs that can hold the reactors back for a while.
jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 60_000, intervalMs: 100 };

const TENANT = 'tenant-a';
let t: LoyaltyTestService;
let producer: PostgresEventStore;
let pool: Pool;
const others: Reactor[] = [];

beforeAll(async () => {
  // Timers are fired by the test (drain) after it moves the clock, not by the running worker.
  t = await startLoyaltyTestService({ env: { CRM_LOYALTY_TIMERS: 'off' } });
  await t.call('DefineProgram', { ctx: ctx(), program: PROGRAM_REQUEST });
  // No payload schemas on the producer's side, so the spec can also write what breaks a contract.
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: [
      'customers.CustomerRegistered',
      'sales.OrderPlaced',
      'sales.OrderCancelled',
      'sales.OrderRefunded',
    ].map((type) => ({ type, schemaVersion: 1 })),
    poolConfig: { max: 2 },
  });
  pool = new Pool({ connectionString: t.database.url, max: 4 });
});

afterAll(async () => {
  for (const reactor of others) await reactor.stop();
  await producer?.close();
  await pool?.end();
  await t?.stop();
});

function envelope(type: string, data: Record<string, unknown>): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    tenantId: TENANT,
    occurredAt: t.clock.now().toISOString(),
    actor: { kind: 'user', userId: 'seller-1', roles: ['sales_rep'] },
    correlationId: `corr-${uuidv7()}`,
    causationId: `cmd-${uuidv7()}`,
    data,
  };
}

async function registered(): Promise<string> {
  const customerId = uuidv7();
  await producer.append(`customers.Customer-${customerId}`, [
    envelope('customers.CustomerRegistered', {
      customerId,
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'L' },
      status: 'active',
    }),
  ]);
  return customerId;
}

async function placed(
  customerId: string,
  amount: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const orderId = uuidv7();
  await producer.append(`sales.Order-${orderId}`, [
    envelope('sales.OrderPlaced', {
      orderId,
      customerId,
      items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: amount }],
      amount,
      currency: 'EUR',
      channel: 'online_store',
      placedAt: t.clock.now().toISOString(),
      ...extra,
    }),
  ]);
  return orderId;
}

async function typesOf(memberId: string): Promise<string[]> {
  const rows = await t.query<{ type: string }>(
    'SELECT type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version',
    [`loyalty.Member-${memberId}`],
  );
  return rows.map((r) => r.type);
}

const balance = (memberId: string) => t.call('VerifyMember', { ctx: ctx(), memberId });

describe('loyalty points reactor', () => {
  it('enrols a registered customer automatically and earns once per order, under its own identity', async () => {
    const member = await registered();
    await placed(member, '129.90');
    await eventually(async () => (await balance(member))['availablePoints'] === 129, SETTLE);
    const rows = await t.query<{ actor: { name: string }; causation_id: string }>(
      "SELECT actor, causation_id FROM event_store.events WHERE stream_id = $1 AND type = 'loyalty.PointsEarned'",
      [`loyalty.Member-${member}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toMatchObject({ kind: 'system', name: POINTS_REACTOR });

    // A second replica of the same reactor replays the whole log: nothing happens twice.
    const app = t.service.app.get(LoyaltyApplication);
    const replica = new Reactor(
      pointsReactor(app, new TimerScheduler(pool, 'loyalty', t.runtime)),
      {
        store: producer,
        pool,
        contracts: new ContractValidator(platformContracts()),
        clock: t.runtime,
        logger: silentLogger,
        pollIntervalMs: 50,
      },
    );
    others.push(replica);
    await replica.replayFrom(0);
    await replica.start();
    await eventually(async () => (await replica.status()).lag === 0, SETTLE);
    await t.service.app.get(LoyaltyWorkers).reactors[0]!.replayFrom(0);
    await eventually(
      async () => (await t.service.app.get(LoyaltyWorkers).reactors[0]!.status()).lag === 0,
      SETTLE,
    );
    expect(await typesOf(member)).toEqual(['loyalty.MemberEnrolled', 'loyalty.PointsEarned']);
    await replica.stop();
  });

  it('reverses a refund in proportion and leaves orders of non-members alone', async () => {
    const member = await registered();
    const orderId = await placed(member, '200.00');
    await eventually(async () => (await balance(member))['availablePoints'] === 200, SETTLE);
    await producer.append(`sales.Order-${orderId}`, [
      envelope('sales.OrderRefunded', {
        orderId,
        customerId: member,
        amount: '50.00',
        currency: 'EUR',
        refundedAt: t.clock.now().toISOString(),
      }),
    ]);
    await eventually(async () => (await balance(member))['availablePoints'] === 150, SETTLE);
    const stranger = uuidv7();
    await placed(stranger, '10.00');
    const reactor = t.service.app.get(LoyaltyWorkers).reactors[0]!;
    await eventually(async () => (await reactor.status()).lag === 0, SETTLE);
    expect(await typesOf(stranger)).toEqual([]);
    expect((await reactor.status()).parked).toBe(0);
  });

  it('parks an order that breaks its contract and writes nothing for it', async () => {
    const member = await registered();
    await eventually(async () => (await typesOf(member)).length === 1, SETTLE);
    await placed(member, '129.90', { amount: 129.9 });
    const reactor = t.service.app.get(LoyaltyWorkers).reactors[0]!;
    const parked = await eventually(async () => {
      const list = await reactor.parked();
      return list.length > 0 && list;
    }, SETTLE);
    expect(parked[0]).toMatchObject({ type: 'sales.OrderPlaced', status: 'parked' });
    expect(await typesOf(member)).toEqual(['loyalty.MemberEnrolled']);
  });

  it('reminds 30 days before and expires the lot at local midnight as the clock moves', async () => {
    const member = await registered();
    await placed(member, '80.00'); // 1 March 2026 (Berlin): the lot ends at 2027-03-01T23:00:00Z
    await eventually(async () => (await balance(member))['availablePoints'] === 80, SETTLE);
    const workers = t.service.app.get(LoyaltyWorkers);
    await eventually(
      async () => (await workers.status()).every((s) => 'lag' in s && s.lag === 0),
      SETTLE,
    );

    t.clock.set('2027-01-30T22:59:00.000Z');
    await workers.timers.drain();
    expect(await typesOf(member)).not.toContain('loyalty.PointsExpiryReminded');
    t.clock.set('2027-01-30T23:00:00.000Z');
    await workers.timers.drain();
    expect(
      (await typesOf(member)).filter((type) => type === 'loyalty.PointsExpiryReminded'),
    ).toHaveLength(1);

    t.clock.set('2027-03-01T22:59:59.000Z');
    await workers.timers.drain();
    expect(await typesOf(member)).not.toContain('loyalty.PointsExpired');
    t.clock.set('2027-03-01T23:00:00.000Z');
    await workers.timers.drain();
    expect(await typesOf(member)).toContain('loyalty.PointsExpired');
    expect(await balance(member)).toMatchObject({ consistent: true, availablePoints: 0 });
    t.clock.set('2026-03-01T10:00:00.000Z');
  });
});
