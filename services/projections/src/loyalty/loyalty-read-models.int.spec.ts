// The loyalty projections and their query API against real PostgreSQL and the MongoDB-wire server:
// a member history decided by the domain (earn, reserve, confirm, release, refund with debt,
// restore, adjust, expire) → member balance and liability equal to what the ledger verifier
// computes from the events, and a rebuild of both read models equal to the live ones.
import { LOYALTY_EVENT_CONTRACTS } from '@crm/contracts/loyalty';
import { CommandHandler, PostgresEventStore, systemRuntime } from '@crm/event-sourcing';
import {
  memberAsOf,
  memberDecider,
  memberStreamId,
  programDecider,
  programStreamId,
  verifyLedger,
  type MemberCommand,
  type MemberEvent,
  type MemberState,
  type ProgramDefinition,
} from '@crm/loyalty-domain';
import {
  LoyaltyReadModelQueries,
  memberAsOfDay,
  type MemberBalanceDocument,
} from '@crm/loyalty-read-models';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  ProjectionRunner,
  connectMongo,
  defineProjection,
  type ProjectionDefinition,
} from '@crm/read-models';
import { snapshotServing, withoutRuntimeFields } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { memberBalanceProjection } from './member-balance.projection';
import { pointsLiabilityProjection } from './points-liability.projection';
import { programProjection } from './program.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-loyalty-rm';
const MEMBER = '0190c000-0000-7000-8000-000000000001';
const OTHER = '0190c000-0000-7000-8000-000000000002';
/** In a tenant of its own (its liability stays apart): a tier reached, then lost at its review. */
const TIERED = '0190c000-0000-7000-8000-000000000003';
const TIERED_TENANT = 'tenant-loyalty-rm-tiers';
const REFERRER = '0190c000-0000-7000-8000-000000000004';
const PROGRAM: ProgramDefinition = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: false,
  earnRules: [{ ruleId: 'spend', kind: 'amount', points: 1, perMinor: 100 }],
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
    {
      name: 'Silver',
      qualifyingThreshold: 300,
      multiplierPercent: 150,
      benefits: [{ code: 'free-shipping', description: 'Free standard shipping' }],
    },
  ],
  promotions: [],
  lotLifetime: { kind: 'rolling_months', months: 1 },
  adjustmentApprovalThreshold: 1000,
};

let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let handler: CommandHandler<MemberState, MemberCommand, MemberEvent>;
const stops: (() => Promise<void>)[] = [];

function startRunner(definition: ProjectionDefinition): void {
  const runner = new ProjectionRunner(definition, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  const abort = new AbortController();
  const done = runner.run(abort.signal);
  stops.push(async () => {
    abort.abort();
    await done;
  });
}

async function run(
  memberId: string,
  command: (at: string) => MemberCommand,
  at: string,
  tenantId = TENANT,
): Promise<void> {
  await handler.handle(memberStreamId(memberId), command(at), {
    tenantId,
    actor: { kind: 'user', userId: 'agent-1', roles: ['service_agent'] },
  });
}

/** The figures both the dated rows and a replay give. */
const pick = (m: {
  tier?: string;
  qualifyingPoints: number;
  availablePoints: number;
  reservedPoints: number;
  debtPoints: number;
}) => ({
  tier: m.tier ?? null,
  qualifyingPoints: m.qualifyingPoints,
  availablePoints: m.availablePoints,
  reservedPoints: m.reservedPoints,
  debtPoints: m.debtPoints,
});

const order = (orderId: string, amountMinor: number, at: string) => ({
  orderId,
  amountMinor,
  currency: 'EUR',
  lines: [],
  placedAt: at,
});

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'loyalty-rm' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: LOYALTY_EVENT_CONTRACTS.map((c) => ({
      type: c.type,
      schemaVersion: c.schemaVersion,
    })),
    pollIntervalMs: 100,
  });
  handler = new CommandHandler({ decider: memberDecider, store, runtime: systemRuntime });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'loyalty-rm' });
  connection = await connectMongo(mongoDb.url);
  startRunner(memberBalanceProjection);
  startRunner(pointsLiabilityProjection);
  startRunner(programProjection);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
});

describe('loyalty read models', () => {
  it('show the balance, lots and liability the ledger holds, and rebuild identical', async () => {
    const d = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    const m = (type: MemberCommand['type'], data: Record<string, unknown>) => (at: string) =>
      ({ type, data: { memberId: MEMBER, ...data, at } }) as MemberCommand;
    await new CommandHandler({ decider: programDecider, store, runtime: systemRuntime }).handle(
      programStreamId(TENANT),
      { type: 'DefineProgram', data: { definition: PROGRAM, at: d(1) } },
      { tenantId: TENANT, actor: { kind: 'user', userId: 'admin-1', roles: ['admin'] } },
    );
    await run(MEMBER, m('EnrolMember', { source: 'manual' }), d(1));
    await run(
      MEMBER,
      m('EarnForOrder', { order: order('o1', 20_000, d(1)), program: PROGRAM }),
      d(1),
    );
    await run(
      MEMBER,
      m('EarnForOrder', { order: order('o2', 15_000, d(5)), program: PROGRAM }),
      d(5),
    );
    await run(
      MEMBER,
      m('ReservePoints', { reservationId: 'r1', points: 120, orderId: 'o9' }),
      d(6),
    );
    await run(MEMBER, m('ConfirmReservation', { reservationId: 'r1' }), d(6));
    await run(MEMBER, m('ReservePoints', { reservationId: 'r2', points: 30 }), d(7));
    await run(MEMBER, m('ReservePoints', { reservationId: 'r3', points: 10 }), d(7));
    await run(MEMBER, m('ReleaseReservation', { reservationId: 'r3' }), d(8));
    await run(MEMBER, m('ReverseOrderPoints', { orderId: 'o1' }), d(9)); // spent points → debt
    await run(MEMBER, m('ReverseOrderPoints', { orderId: 'o9' }), d(10)); // restores the redemption
    await run(
      MEMBER,
      m('AdjustPoints', {
        adjustmentId: 'a1',
        points: 40,
        reason: 'goodwill',
        requestedBy: 'agent-1',
        approvalThreshold: 1000,
        expiresAt: '2026-06-01T00:00:00.000Z',
      }),
      d(11),
    );
    await run(MEMBER, m('ExpirePoints', {}), '2026-04-06T10:00:00.000Z');
    // Two months of silence after two orders four days apart: the churn band rises.
    await run(MEMBER, m('AssessChurnRisk', {}), '2026-06-01T10:00:00.000Z');
    await run(
      OTHER,
      (at) => ({ type: 'EnrolMember', data: { memberId: OTHER, source: 'automatic', at } }),
      d(2),
    );
    await run(
      OTHER,
      (at) => ({
        type: 'EarnForOrder',
        data: { memberId: OTHER, order: order('x1', 5_000, d(2)), program: PROGRAM, at },
      }),
      d(2),
    );

    const rolling: ProgramDefinition = {
      ...PROGRAM,
      tierReview: { windowMonths: 1, graceDays: 0 },
    };
    const tiered = (type: MemberCommand['type'], data: Record<string, unknown>) => (at: string) =>
      ({ type, data: { memberId: TIERED, ...data, at } }) as MemberCommand;
    await run(TIERED, tiered('EnrolMember', { source: 'manual' }), d(1), TIERED_TENANT);
    // TIERED was referred by REFERRER; its first order rewards both.
    await run(
      REFERRER,
      (at) => ({ type: 'EnrolMember', data: { memberId: REFERRER, source: 'manual', at } }),
      d(1),
      TIERED_TENANT,
    );
    await run(
      TIERED,
      tiered('RecordReferral', { referrerId: REFERRER, code: 'K7QX2M9P' }),
      d(1),
      TIERED_TENANT,
    );
    await run(
      TIERED,
      tiered('EarnForOrder', { order: order('t1', 40_000, d(1)), program: rolling }),
      d(1),
      TIERED_TENANT,
    );
    const reward = (memberId: string, role: string, points: number) => (at: string) =>
      ({
        type: 'CreditReferralReward',
        data: {
          memberId,
          role,
          refereeId: TIERED,
          referrerId: REFERRER,
          orderId: 't1',
          points,
          expiresAt: '2026-06-01T00:00:00.000Z',
          at,
        },
      }) as MemberCommand;
    await run(TIERED, reward(TIERED, 'referee', 100), d(1), TIERED_TENANT);
    await run(REFERRER, reward(REFERRER, 'referrer', 200), d(1), TIERED_TENANT);
    // One month later (end of 1 April, Berlin) the window is empty and there is no grace.
    await run(
      TIERED,
      tiered('ReviewTier', { program: rolling }),
      '2026-04-01T22:00:00.000Z',
      TIERED_TENANT,
    );

    const events = (
      await store.readStream(memberStreamId(MEMBER), { tenantId: TENANT })
    ).events.map((e) => ({ type: e.type, data: e.data }) as MemberEvent);
    const ledger = verifyLedger(events);
    expect(ledger.violations).toEqual([]);
    const queries = new LoyaltyReadModelQueries(connection);
    const view = await eventually(async () => {
      const member = await queries.member(TENANT, MEMBER);
      return member !== null && member.churnBand !== 'low' && member;
    });
    expect(view.churnFactors.map((f) => f.factor)).toEqual([
      'recency',
      'frequency_drop',
      'expiring_unused',
      'open_complaints',
      'low_csat',
      'email_disengaged',
    ]);
    expect(view).toMatchObject({
      churnBand: 'medium',
      churnScore: 50,
      tier: 'Silver',
      availablePoints: ledger.totals.available,
      reservedPoints: ledger.totals.reserved,
      debtPoints: ledger.totals.debt,
    });
    expect(view.lots.reduce((n, lot) => n + lot.points, 0)).toBe(ledger.totals.available);
    expect(await queries.member('another-tenant', MEMBER)).toBeNull();
    const lost = await eventually(async () => {
      const member = await queries.member(TIERED_TENANT, TIERED);
      return member?.tier === 'Bronze' && member;
    });
    expect(lost).toMatchObject({
      tierReviewAt: null,
      tierInGrace: false,
      referredBy: REFERRER,
      referralPoints: 100,
    });
    expect(await queries.member(TIERED_TENANT, REFERRER)).toMatchObject({
      referralPoints: 200,
      availablePoints: 200,
      lots: [{ lotId: `referral:referrer:${TIERED}`, points: 200 }],
    });
    const referralLiability = await eventually(async () => {
      const l = await queries.liability(TIERED_TENANT);
      return l?.members === 2 && l.referralPoints === 300 && l;
    });
    expect(referralLiability.outstandingPoints).toBe(400 + 100 + 200);
    expect(lost.tierHistory).toEqual([
      {
        at: d(1),
        change: 'upgrade',
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 400,
      },
      {
        at: '2026-04-01T22:00:00.000Z',
        change: 'downgrade',
        fromTier: 'Silver',
        toTier: 'Bronze',
        qualifyingPoints: 0,
      },
    ]);
    const liability = await eventually(async () => {
      const l = await queries.liability(TENANT);
      return l?.members === 2 && l.earnedPoints === view.earnedPoints + 50 && l;
    });
    expect(liability.outstandingPoints).toBe(ledger.totals.available + ledger.totals.reserved + 50);

    // As of a past day: the days up to it, month-ends before it; as of today: the live figure.
    const asOfToday = await queries.liabilityAsOf(TENANT, new Date().toISOString().slice(0, 10));
    expect(asOfToday).toMatchObject({
      outstandingPoints: liability.outstandingPoints,
      debtPoints: liability.debtPoints,
    });
    const march = await queries.liabilityAsOf(TENANT, '2026-03-31');
    // Earned 200 (o1) + 150×1.5=225 (o2, Silver) + 50 (OTHER), less 120 confirmed, then the
    // reversals and the 40-point goodwill credit: the ledger as replayed up to 31 March.
    const upToMarch = verifyLedger(
      events.slice(
        0,
        events.findIndex((e) => e.type === 'loyalty.PointsExpired'),
      ),
    );
    expect(march).toMatchObject({
      outstandingPoints: upToMarch.totals.available + upToMarch.totals.reserved + 50,
      debtPoints: upToMarch.totals.debt,
    });
    expect(march.monthEnds.map((e) => e.day)).toEqual(['2026-03-31']);
    const june = await queries.liabilityAsOf(TENANT, '2026-06-15');
    expect(june.monthEnds.map((e) => [e.day, e.outstandingPoints])).toEqual([
      ['2026-03-31', march.outstandingPoints],
      ['2026-04-30', june.monthEnds[1]!.outstandingPoints],
      ['2026-05-31', june.monthEnds[1]!.outstandingPoints],
      ['2026-06-15', june.monthEnds[1]!.outstandingPoints],
    ]);
    // The April expiry lowered the liability.
    expect(june.monthEnds[1]!.outstandingPoints).toBeLessThan(march.outstandingPoints);

    // The program read model: tiers with their benefits table.
    const program = await eventually(async () => (await queries.program(TENANT)) ?? false);
    expect(program.tiers.map((t) => [t.name, t.benefits])).toEqual([
      ['Bronze', []],
      ['Silver', [{ code: 'free-shipping', description: 'Free standard shipping' }]],
    ]);
    // The whole definition, for administration to load into its settings form.
    expect(program.definition).toEqual(PROGRAM);
    expect(await queries.program('another-tenant')).toBeNull();
    // The tier mix: MEMBER reached Silver, OTHER (50 points) has no tier and counts as Bronze.
    expect(await queries.tierMix(TENANT)).toEqual([
      { tier: 'Bronze', members: 1 },
      { tier: 'Silver', members: 1 },
    ]);
    expect(await queries.tierMix('another-tenant')).toEqual([]);

    const live = {
      members: await snapshotServing(connection, memberBalanceProjection.name),
      liability: await snapshotServing(connection, pointsLiabilityProjection.name),
    };

    // The member's figures as of the end of each day, from the dated read-model rows, equal a
    // replay of its events up to then (the loyalty report as of an instant).
    const doc = Object.values(live.members)
      .flat()
      .find((row) => (row as MemberBalanceDocument)._id === MEMBER) as MemberBalanceDocument;
    const history = (await store.readStream(memberStreamId(MEMBER))).events.map(
      (e) => ({ type: e.type, data: e.data }) as MemberEvent,
    );
    for (let day = 1; day <= 12; day += 1) {
      const endOfDay = `2026-03-${String(day).padStart(2, '0')}T23:59:59.999Z`;
      const dated = memberAsOfDay(doc, new Date(endOfDay));
      const replayed = memberAsOf(history, endOfDay);
      expect([day, dated && pick(dated)]).toEqual([day, pick(replayed)]);
    }
    startRunner(
      defineProjection({
        ...memberBalanceProjection,
        version: memberBalanceProjection.version + 1,
      }),
    );
    startRunner(
      defineProjection({
        ...pointsLiabilityProjection,
        version: pointsLiabilityProjection.version + 1,
      }),
    );
    await eventually(async () => {
      const aliases = connection.db!.collection<{ _id: string; version: number }>(
        'projection_aliases',
      );
      expect((await aliases.findOne({ _id: memberBalanceProjection.name }))?.version).toBe(
        memberBalanceProjection.version + 1,
      );
      expect((await aliases.findOne({ _id: pointsLiabilityProjection.name }))?.version).toBe(
        pointsLiabilityProjection.version + 1,
      );
    });
    expect(
      withoutRuntimeFields(await snapshotServing(connection, memberBalanceProjection.name)),
    ).toEqual(withoutRuntimeFields(live.members));
    expect(
      withoutRuntimeFields(await snapshotServing(connection, pointsLiabilityProjection.name)),
    ).toEqual(withoutRuntimeFields(live.liability));
  });
});
