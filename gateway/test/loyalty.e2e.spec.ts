// Loyalty on the running platform, through GraphQL (and, in the first tests, a sales.OrderPlaced
// appended to the platform's event store as Sales publishes it): the program is defined, a
// registered customer is enrolled automatically, the order earns points, points are reserved and
// redeemed, and the member's balance and the service's ledger check agree. The last test is issue
// 14's flow through the real services: an order placed in Sales earns and upgrades the tier, a
// redemption is reserved and confirmed, a refund reverses points, complaints at the service desk
// raise the churn band, all published on crm.loyalty.events.
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@crm/event-sourcing';
import { eventually, testInfrastructure } from '@crm/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { admin, loginToRunningPlatform } from './support/running-platform';

// The store's gap-free reads wait for the oldest open transaction of the whole PostgreSQL cluster;
// on a cluster shared with other test runs that can hold reactors back for a while.
jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 200 };

let client: GatewayGraphQLClient;
let sales: PostgresEventStore;
let consumer: Consumer;
const run = randomUUID().slice(0, 8);
const loyaltyTopic = `${process.env['CRM_TOPIC_NAMESPACE'] ?? ''}crm.loyalty.events`;
/** What crm.loyalty.events carried during the run: type and stream of each message. */
const published: { type: string; streamId: string; data: Record<string, unknown> }[] = [];

beforeAll(async () => {
  client = await loginToRunningPlatform();
  const infra = await testInfrastructure({ require: ['kafka'] });
  const kafka = new Kafka({
    clientId: `e2e-loyalty-${run}`,
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `e2e-loyalty-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topic: loyaltyTopic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const envelope = JSON.parse(message.value!.toString()) as {
        type: string;
        streamId: string;
        data: Record<string, unknown>;
      };
      published.push({ type: envelope.type, streamId: envelope.streamId, data: envelope.data });
    },
  });
  sales = await PostgresEventStore.create({
    connectionString: process.env['CRM_POSTGRES_URL'] ?? 'postgres://crm:crm@127.0.0.1:55432/crm',
    eventTypes: [{ type: 'sales.OrderPlaced', schemaVersion: 1 }],
    poolConfig: { max: 1 },
  });
}, 60_000);
afterAll(async () => {
  await consumer?.disconnect();
  await sales?.close();
});

interface Member {
  tierBenefits: { code: string; description: string }[];
  referralFlags: string[];
  referralRewardWithheldFor: string | null;
  churnBand: string;
  churnFactors: { factor: string; points: number }[];
  availablePoints: number;
  reservedPoints: number;
  redeemedPoints: number;
  tier: string | null;
  tierReviewAt: string | null;
  tierHistory: { change: string; toTier: string }[];
  lots: { points: number; expiresAt: string }[];
}

async function registerMember(firstName: string, email?: string): Promise<string> {
  const registered = await client.data<{ registerCustomer: { customerId: string } }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
    {
      input: {
        person: { firstName, lastName: `Loyal${run}` },
        contacts: [
          { email: email ?? `${firstName.toLowerCase()}.${run}@loyalty.example`, primary: true },
        ],
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
  'availablePoints reservedPoints redeemedPoints tier tierReviewAt tierHistory { change toTier } lots { points expiresAt } ' +
  'tierBenefits { code description } referralFlags referralRewardWithheldFor churnBand churnFactors { factor points }';

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
            {
              name: 'Silver',
              qualifyingThreshold: 100,
              multiplierPercent: 150,
              benefits: [{ code: 'free-shipping', description: 'Free standard shipping' }],
            },
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
    const beforeLola = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const memberId = await registerMember('Lola');
    await placeOrder(memberId, '149.90');
    const earned = await eventually(async () => {
      const m = await member(memberId);
      // The benefits come from the program read model, a projection of its own.
      return m && m.availablePoints === 149 && m.tierBenefits.length > 0 && m;
    }, SETTLE);
    expect(earned).toMatchObject({
      tier: 'Silver',
      tierBenefits: [{ code: 'free-shipping', description: 'Free standard shipping' }],
      lots: [{ points: 149 }],
      tierHistory: [{ change: 'upgrade', toTier: 'Silver' }],
    });
    const { loyaltyProgram } = await client.data<{
      loyaltyProgram: { tiers: { name: string; benefits: { code: string }[] }[] };
    }>(`query { loyaltyProgram { tiers { name benefits { code } } } }`);
    expect(loyaltyProgram.tiers).toEqual([
      { name: 'Bronze', benefits: [] },
      { name: 'Silver', benefits: [{ code: 'free-shipping' }] },
    ]);
    // The loyalty report as of an instant (issue 16): Lola, enrolled after it, did not count then.
    const REPORT = `query($d: ReportDefinitionInput!) { report(definition: $d) { totals asOf } }`;
    const membersAsOf = async (asOf?: string) =>
      (
        await client.data<{ report: { totals: number[] } }>(REPORT, {
          d: { dataset: 'loyaltyMembers', dimensions: [], measures: ['members'], asOf },
        })
      ).report.totals[0]!;
    expect(await membersAsOf()).toBe((await membersAsOf(beforeLola)) + 1);
    // The churn band as of an instant comes from reports' churn history (ADR 0391): every member
    // of then is in one band of then, so the bands add up to the members of then.
    const banded = await client.data<{ report: { totals: number[] } }>(REPORT, {
      d: {
        dataset: 'loyaltyMembers',
        dimensions: ['churnBand'],
        measures: ['members'],
        asOf: beforeLola,
      },
    });
    expect(banded.report.totals[0]).toBe(await membersAsOf(beforeLola));
    // Progress to the next tier: Silver is the top tier of this programme.
    const now = await client.data<{
      loyaltyMemberAsOf: { tierProgress: Record<string, unknown> | null };
    }>(
      `query($id: ID!, $at: String!) { loyaltyMemberAsOf(memberId: $id, asOf: $at) {
        tierProgress { basis current nextTier toNextTier } } }`,
      { id: memberId, at: new Date().toISOString() },
    );
    expect(now.loyaltyMemberAsOf.tierProgress).toEqual({
      basis: 'QUALIFYING_POINTS',
      current: 149,
      nextTier: null,
      toNextTier: 0,
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

    // The tenant's liability as of today equals the live figure; month-ends close each month.
    const today = new Date().toISOString().slice(0, 10);
    const liability = await eventually(async () => {
      const live = await client.data<{ loyaltyLiability: { outstandingPoints: number } }>(
        `query { loyaltyLiability { outstandingPoints } }`,
      );
      const asOf = await client.data<{
        loyaltyLiabilityAsOf: { outstandingPoints: number; monthEnds: { day: string }[] };
      }>(
        `query($d: String!) { loyaltyLiabilityAsOf(asOf: $d) { outstandingPoints monthEnds { day } } }`,
        { d: today },
      );
      return (
        asOf.loyaltyLiabilityAsOf.outstandingPoints === live.loyaltyLiability.outstandingPoints &&
        asOf.loyaltyLiabilityAsOf
      );
    }, SETTLE);
    expect(liability.outstandingPoints).toBeGreaterThanOrEqual(100);
    expect(liability.monthEnds.at(-1)?.day).toBe(today);
    const { loyaltyTierMix } = await client.data<{
      loyaltyTierMix: { tier: string; members: number }[];
    }>(`query { loyaltyTierMix { tier members } }`);
    expect(loyaltyTierMix.map((t) => t.tier)).toEqual(['Bronze', 'Silver']);
    expect(loyaltyTierMix[1]!.members).toBeGreaterThanOrEqual(1);
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

    // A second account of the referrer (same e-mail): flagged, rewards withheld.
    const twin = await registerMember('Ritaa', `rita.${run}@loyalty.example`);
    // The gateway compares contacts on the customers read model: wait until it has the twin's.
    await eventually(async () => {
      const c = await client.data<{ customer: { contacts: { email: string | null }[] } | null }>(
        `query($id: ID!) { customer(id: $id) { contacts { email } } }`,
        { id: twin },
      );
      return (c.customer?.contacts.length ?? 0) > 0;
    }, SETTLE);
    const flagged = await client.data<{ recordLoyaltyReferral: { eventTypes: string[] } }>(
      `mutation($input: RecordLoyaltyReferralInput!) { recordLoyaltyReferral(input: $input) { eventTypes } }`,
      { input: { memberId: twin, referralCode: code } },
    );
    expect(flagged.recordLoyaltyReferral.eventTypes).toEqual([
      'loyalty.ReferralRecorded',
      'loyalty.ReferralFlagged',
    ]);
    await placeOrder(twin, '10.00');
    expect(
      await eventually(async () => {
        const m = await member(twin);
        return m && m.referralRewardWithheldFor !== null && m;
      }, SETTLE),
    ).toMatchObject({ availablePoints: 10, referralFlags: ['shared_email'] });
    expect(await member(referrer)).toMatchObject({ availablePoints: 30 });
  });

  it('issue 14: a Sales order earns and upgrades, a redemption, a refund reverses, complaints raise the churn band, all on crm.loyalty.events', async () => {
    const memberId = await registerMember('Dora');
    const stream = `loyalty.Member-${memberId}`;
    const mutate = async (mutation: string, input: object) => {
      const type = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
      const data = await client.data<Record<string, { createdId: string | null }>>(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { createdId } }`,
        { input },
      );
      return data[mutation]!.createdId;
    };
    const orderId = await mutate('placeOrder', {
      customerId: memberId,
      currency: 'EUR',
      channel: 'ONLINE_STORE',
      lines: [{ sku: 'VASE-1', name: 'Vase', category: 'home', quantity: 1, unitPrice: '200.00' }],
    });
    const earned = await eventually(async () => {
      const m = await member(memberId);
      return m ? m.availablePoints > 0 && m : false;
    }, SETTLE);
    expect(earned).toMatchObject({ tier: 'Silver', tierHistory: [{ toTier: 'Silver' }] });
    // The customer 360 shows the loyalty account beside the profile.
    const c360 = await client.data<{ customer: { loyalty: Record<string, unknown> | null } }>(
      `query($id: ID!) { customer(id: $id) { loyalty { tier availablePoints churnBand } } }`,
      { id: memberId },
    );
    expect(c360.customer.loyalty).toMatchObject({ tier: 'Silver', churnBand: 'low' });

    await client.data(
      `mutation($input: ReserveLoyaltyPointsInput!) { reserveLoyaltyPoints(input: $input) { position } }`,
      { input: { memberId, reservationId: `d-${run}`, points: 50 } },
    );
    await client.data(
      `mutation($input: ConfirmLoyaltyReservationInput!) { confirmLoyaltyReservation(input: $input) { position } }`,
      { input: { memberId, reservationId: `d-${run}` } },
    );
    await mutate('refundOrder', { orderId, amount: '100.00', reason: 'one vase broke' });
    const refunded = await eventually(async () => {
      const m = await member(memberId);
      return m ? m.availablePoints < earned.availablePoints - 50 && m : false;
    }, SETTLE);
    expect(refunded.redeemedPoints).toBe(50);

    // Three open complaints at the service desk: 35 points, from low to medium at once (the
    // member ordered today, so nothing else counts).
    for (const subject of ['Broken vase', 'Still no replacement', 'Nobody answers'])
      await mutate('openTicket', {
        channel: 'WEB_FORM',
        subject: `${subject} ${run}`,
        body: 'It arrived broken.',
        customerId: memberId,
        type: 'COMPLAINT',
      });
    const check = await client.data<{ verifyLoyaltyMember: { consistent: boolean } }>(
      `query($id: ID!) { verifyLoyaltyMember(memberId: $id) { consistent } }`,
      { id: memberId },
    );
    expect(check.verifyLoyaltyMember.consistent).toBe(true);

    const onTopic = await eventually(async () => {
      const types = published.filter((m) => m.streamId === stream).map((m) => m.type);
      return types.includes('loyalty.ChurnRiskRaised') && types;
    }, SETTLE);
    for (const type of [
      'loyalty.MemberEnrolled',
      'loyalty.PointsEarned',
      'loyalty.TierUpgraded',
      'loyalty.PointsReserved',
      'loyalty.ReservationConfirmed',
      'loyalty.OrderPointsReversed',
      'loyalty.ChurnSignalRecorded',
      'loyalty.ChurnRiskRaised',
    ])
      expect(onTopic).toContain(type);
    const raised = published.find(
      (m) => m.streamId === stream && m.type === 'loyalty.ChurnRiskRaised',
    );
    expect(raised?.data).toMatchObject({ band: 'medium', previousBand: 'low' });
    expect(raised?.data['factors']).toContainEqual(
      expect.objectContaining({ factor: 'open_complaints', points: 35 }),
    );
  });
});
