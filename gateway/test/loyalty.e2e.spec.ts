// Loyalty on the running platform, through GraphQL (and, standing in for the Sales service that is
// not built yet, a sales.OrderPlaced appended to the platform's event store as Sales will): the
// program is defined, a registered customer is enrolled automatically, the order earns points,
// points are reserved and redeemed, and the member's balance and the service's ledger check agree.
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { admin, loginToRunningPlatform } from './support/running-platform';

// The store's gap-free reads wait for the oldest open transaction of the whole PostgreSQL cluster;
// on a cluster shared with other test runs that can hold reactors back for a while.
jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 200 };

let client: GatewayGraphQLClient;
let sales: PostgresEventStore;
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  client = await loginToRunningPlatform();
  sales = await PostgresEventStore.create({
    connectionString: process.env['CRM_POSTGRES_URL'] ?? 'postgres://crm:crm@127.0.0.1:55432/crm',
    eventTypes: [{ type: 'sales.OrderPlaced', schemaVersion: 1 }],
    poolConfig: { max: 1 },
  });
}, 60_000);
afterAll(() => sales?.close());

interface Member {
  availablePoints: number;
  reservedPoints: number;
  redeemedPoints: number;
  tier: string | null;
  tierReviewAt: string | null;
  tierHistory: { change: string; toTier: string }[];
  lots: { points: number; expiresAt: string }[];
}

async function registerMember(firstName: string): Promise<string> {
  const registered = await client.data<{ registerCustomer: { customerId: string } }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
    {
      input: {
        person: { firstName, lastName: `Loyal${run}` },
        contacts: [{ email: `${firstName.toLowerCase()}.${run}@loyalty.example`, primary: true }],
        initialStatus: 'ACTIVE',
      },
    },
  );
  const memberId = registered.registerCustomer.customerId;
  await eventually(async () => Boolean(await member(memberId)), SETTLE);
  return memberId;
}

async function placeOrder(customerId: string, amount: string): Promise<void> {
  const orderId = uuidv7();
  await sales.append(`sales.Order-${orderId}`, [
    {
      eventId: uuidv7(),
      type: 'sales.OrderPlaced',
      tenantId: admin.tenant,
      occurredAt: new Date().toISOString(),
      actor: { kind: 'user', userId: 'seller-e2e', roles: ['sales_rep'] },
      correlationId: `e2e-${run}`,
      causationId: `e2e-${run}`,
      data: {
        orderId,
        customerId,
        items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: amount }],
        amount,
        currency: 'EUR',
        channel: 'online_store',
        placedAt: new Date().toISOString(),
      },
    },
  ]);
}

const MEMBER_FIELDS =
  'availablePoints reservedPoints redeemedPoints tier tierReviewAt tierHistory { change toTier } lots { points expiresAt }';

/** The member as the read model has it; null while not enrolled (NOT_FOUND), false while STALE_READ. */
async function member(memberId: string, position?: string): Promise<Member | null | false> {
  const r = await client.request<{ loyaltyMember: Member }>(
    `query($id: ID!, $p: String) { loyaltyMember(memberId: $id, atLeastPosition: $p) { ${MEMBER_FIELDS} } }`,
    { id: memberId, p: position ?? null },
  );
  const code = r.errors?.[0]?.extensions?.['code'];
  if (code === 'STALE_READ') return false;
  if (code === 'NOT_FOUND') return null;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data?.loyaltyMember ?? null;
}

/** Read your own write: retried while the read model has not reached the position (STALE_READ). */
const memberAt = (memberId: string, position: string) =>
  eventually(async () => member(memberId, position), SETTLE);

describe('loyalty end to end', () => {
  it('enrols a registered customer, earns on an order, redeems, and shows the balance', async () => {
    await client.data(
      `mutation($input: DefineLoyaltyProgramInput!) { defineLoyaltyProgram(input: $input) { position } }`,
      {
        input: {
          name: 'Demo Club',
          currency: 'EUR',
          timeZone: 'Europe/Berlin',
          autoEnrol: true,
          earnRules: [{ ruleId: 'spend', kind: 'AMOUNT', points: 1, perAmount: '1.00' }],
          tiers: [
            { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
            { name: 'Silver', qualifyingThreshold: 100, multiplierPercent: 150 },
          ],
          promotions: [],
          lotLifetimeMonths: 12,
          adjustmentApprovalThreshold: 1000,
          tierWindowMonths: 12,
          tierGraceDays: 30,
          referralRefereePoints: 20,
          referralReferrerPoints: 30,
        },
      },
    );
    const memberId = await registerMember('Lola');
    await placeOrder(memberId, '149.90');
    const earned = await eventually(async () => {
      const m = await member(memberId);
      return m && m.availablePoints === 149 && m;
    }, SETTLE);
    expect(earned).toMatchObject({
      tier: 'Silver',
      lots: [{ points: 149 }],
      tierHistory: [{ change: 'upgrade', toTier: 'Silver' }],
    });
    // Reviewed one 12-month window later, at local midnight (the lot expires at the same instant).
    const silver = earned as Member;
    expect(silver.tierReviewAt).toBe(silver.lots[0]!.expiresAt);
    const beforeRedemption = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 10));

    const reserved = await client.data<{ reserveLoyaltyPoints: { position: string } }>(
      `mutation($input: ReserveLoyaltyPointsInput!) { reserveLoyaltyPoints(input: $input) { position } }`,
      { input: { memberId, reservationId: `r-${run}`, points: 49 } },
    );
    expect(await memberAt(memberId, reserved.reserveLoyaltyPoints.position)).toMatchObject({
      availablePoints: 100,
      reservedPoints: 49,
    });
    const confirmed = await client.data<{ confirmLoyaltyReservation: { position: string } }>(
      `mutation($input: ConfirmLoyaltyReservationInput!) { confirmLoyaltyReservation(input: $input) { position } }`,
      { input: { memberId, reservationId: `r-${run}` } },
    );
    expect(await memberAt(memberId, confirmed.confirmLoyaltyReservation.position)).toMatchObject({
      availablePoints: 100,
      reservedPoints: 0,
      redeemedPoints: 49,
    });

    // Redeeming more than the balance: a typed error, nothing written.
    const refused = await client.request(
      `mutation($input: ReserveLoyaltyPointsInput!) { reserveLoyaltyPoints(input: $input) { position } }`,
      { input: { memberId, reservationId: `r-${run}-big`, points: 1_000 } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'INSUFFICIENT_BALANCE',
    });

    const check = await client.data<{ verifyLoyaltyMember: Record<string, unknown> }>(
      `query($id: ID!) { verifyLoyaltyMember(memberId: $id) { consistent availablePoints reservedPoints debtPoints } }`,
      { id: memberId },
    );
    expect(check.verifyLoyaltyMember).toEqual({
      consistent: true,
      availablePoints: 100,
      reservedPoints: 0,
      debtPoints: 0,
    });

    // Time travel (disputes): the member before the redemption, replayed from its events.
    const past = await client.data<{ loyaltyMemberAsOf: Record<string, unknown> }>(
      `query($id: ID!, $at: String!) { loyaltyMemberAsOf(memberId: $id, asOf: $at) { enrolled tier availablePoints lots { points } tierHistory { change toTier } } }`,
      { id: memberId, at: beforeRedemption },
    );
    expect(past.loyaltyMemberAsOf).toEqual({
      enrolled: true,
      tier: 'Silver',
      availablePoints: 149,
      lots: [{ points: 149 }],
      tierHistory: [{ change: 'upgrade', toTier: 'Silver' }],
    });
    const future = await client.request(
      `query($id: ID!, $at: String!) { loyaltyMemberAsOf(memberId: $id, asOf: $at) { enrolled } }`,
      { id: memberId, at: '2999-01-01T00:00:00.000Z' },
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("rewards both sides of a referral when the referee's first order is placed", async () => {
    const referrer = await registerMember('Rita');
    const referee = await registerMember('Rolf');
    const issued = await client.data<{ issueLoyaltyReferralCode: { code: string } }>(
      `mutation($input: IssueLoyaltyReferralCodeInput!) { issueLoyaltyReferralCode(input: $input) { code } }`,
      { input: { memberId: referrer } },
    );
    const code = issued.issueLoyaltyReferralCode.code;
    const self = await client.request(
      `mutation($input: RecordLoyaltyReferralInput!) { recordLoyaltyReferral(input: $input) { position } }`,
      { input: { memberId: referrer, referralCode: code } },
    );
    expect(self.errors?.[0]?.extensions).toMatchObject({ reason: 'SELF_REFERRAL' });
    await client.data(
      `mutation($input: RecordLoyaltyReferralInput!) { recordLoyaltyReferral(input: $input) { position } }`,
      { input: { memberId: referee, referralCode: code } },
    );
    await placeOrder(referee, '10.00');
    const rewarded = await eventually(async () => {
      const m = await member(referrer);
      return m && m.availablePoints === 30 && m;
    }, SETTLE);
    expect(rewarded).toMatchObject({ lots: [{ points: 30 }] });
    expect(
      await eventually(async () => {
        const m = await member(referee);
        return m && m.availablePoints === 10 + 20 && m;
      }, SETTLE),
    ).toBeTruthy();
  });
});
