// Issue 14's expiry "done when" on the running platform, with the platform test clock (ADR 0271):
// a program whose lots expire at the end of a fixed day (tomorrow, in the program's zone
// Europe/Berlin); a customer's order earns a lot that expires at the following local midnight.
// One minute before that midnight nothing has expired; one minute after it the loyalty service's
// own timer worker expires the points: the balance and crm.loyalty.events show it, exactly once,
// even after the clock moves on another day. The clock goes back to real time afterwards.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { resetPlatformClock, setPlatformTime } from './support/platform-clock';
import { loginToRunningPlatform } from './support/running-platform';
import { recordTopic, type TopicRecorder } from './support/topic-recorder';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 500 };
const ZONE = 'Europe/Berlin';
const run = randomUUID().slice(0, 8);

interface Member {
  availablePoints: number;
  expiredPoints: number;
  lots: { points: number; expiresAt: string }[];
}

let client: GatewayGraphQLClient;
let loyalty: TopicRecorder;

beforeAll(async () => {
  client = await loginToRunningPlatform();
  loyalty = await recordTopic('crm.loyalty.events', run);
}, 60_000);
afterAll(async () => {
  await loyalty?.stop();
  await resetPlatformClock();
});

/** MM-DD of the day after today in the zone. */
function tomorrowIn(zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(Date.now() + 86_400_000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('month')}-${part('day')}`;
}

async function member(memberId: string): Promise<Member | null> {
  const r = await client.request<{ loyaltyMember: Member }>(
    `query($id: ID!) { loyaltyMember(memberId: $id) { availablePoints expiredPoints lots { points expiresAt } } }`,
    { id: memberId },
  );
  return r.errors ? null : (r.data?.loyaltyMember ?? null);
}

const expiredOf = (memberId: string) =>
  loyalty.messages.filter(
    (m) => m.type === 'loyalty.PointsExpired' && m.data['memberId'] === memberId,
  );

const settle = () => new Promise((resolve) => setTimeout(resolve, 5000));

describe('loyalty expiry on the platform clock', () => {
  it('expires the points at local midnight of the expiry day, once', async () => {
    await client.data(
      `mutation($input: DefineLoyaltyProgramInput!) { defineLoyaltyProgram(input: $input) { position } }`,
      {
        input: {
          name: `Expiry Club ${run}`,
          currency: 'EUR',
          timeZone: ZONE,
          autoEnrol: true,
          earnRules: [{ ruleId: 'spend', kind: 'AMOUNT', points: 1, perAmount: '1.00' }],
          tiers: [{ name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 }],
          promotions: [],
          lotExpiryMonthDay: tomorrowIn(ZONE),
          adjustmentApprovalThreshold: 1000,
        },
      },
    );
    const { registerCustomer } = await client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Erna', lastName: `Expiry${run}` },
          contacts: [{ email: `erna.${run}@loyalty.example`, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const memberId = registerCustomer.customerId;
    await eventually(async () => expect(await member(memberId)).not.toBeNull(), SETTLE);
    await client.data(
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { position } }`,
      {
        input: {
          customerId: memberId,
          channel: 'ONLINE_STORE',
          currency: 'EUR',
          lines: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: '80.00' }],
        },
      },
    );
    const earned = await eventually(async () => {
      const m = await member(memberId);
      expect(m?.availablePoints).toBe(80);
      return m!;
    }, SETTLE);
    expect(earned.lots).toHaveLength(1);
    const expiresAt = Date.parse(earned.lots[0]!.expiresAt);
    // The end of tomorrow in Berlin: a local midnight, 24 to 48 hours away.
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: ZONE,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(expiresAt)),
    ).toBe('00:00');
    expect(expiresAt - Date.now()).toBeGreaterThan(23 * 3_600_000);

    // A minute before local midnight: the workers have looked, nothing has expired.
    await setPlatformTime(new Date(expiresAt - 60_000));
    await settle();
    expect(await member(memberId)).toMatchObject({ availablePoints: 80, expiredPoints: 0 });
    expect(expiredOf(memberId)).toEqual([]);

    // A minute after it: the loyalty service's timer expires the lot.
    await setPlatformTime(new Date(expiresAt + 60_000));
    const expired = await eventually(async () => {
      const found = expiredOf(memberId);
      expect(found).toHaveLength(1);
      return found[0]!;
    }, SETTLE);
    expect(expired.data).toMatchObject({ memberId, points: 80 });
    await eventually(
      async () =>
        expect(await member(memberId)).toMatchObject({
          availablePoints: 0,
          expiredPoints: 80,
          lots: [],
        }),
      SETTLE,
    );

    // Another day on: still one expiry.
    await setPlatformTime(new Date(expiresAt + 86_400_000));
    await settle();
    expect(expiredOf(memberId)).toHaveLength(1);
    expect(await member(memberId)).toMatchObject({ availablePoints: 0, expiredPoints: 80 });
  });
});
