// The query API of the loyalty read models, for the gateway: a member's balance with the lots still
// holding points (closest expiry first), the tenant's points liability (now and as of a past day)
// and the tenant's program with its tiers' benefits. Every call is
// tenant-scoped; ids are checked against a strict pattern before they reach a filter.
import { decodeFieldKey, INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  LOYALTY_LIABILITY_MODEL,
  LOYALTY_LIABILITY_PROJECTION,
  LOYALTY_MEMBER_MODEL,
  LOYALTY_MEMBER_PROJECTION,
  LOYALTY_PROGRAM_MODEL,
  LOYALTY_PROGRAM_PROJECTION,
  type LotDocument,
  type MemberBalanceDocument,
  type PointsLiabilityDocument,
  type ProgramDocument,
  type StoredProgramDefinition,
} from './loyalty-read-model.documents';

const ID_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;

export interface MemberBalanceView {
  readonly memberId: string;
  readonly enrolledAt: string;
  readonly source: string;
  readonly tier: string | null;
  /** Next tier review (rolling tier window), null when none is due. */
  readonly tierReviewAt: string | null;
  readonly tierInGrace: boolean;
  /** Tier changes, oldest first. */
  readonly tierHistory: readonly TierChangeView[];
  readonly referralCode: string | null;
  readonly churnBand: 'low' | 'medium' | 'high';
  readonly churnScore: number;
  readonly churnFactors: readonly { factor: string; points: number; detail: string }[];
  readonly referredBy: string | null;
  readonly referralFlags: readonly string[];
  readonly referralRewardWithheldFor: string | null;
  readonly referralPoints: number;
  readonly qualifyingPoints: number;
  readonly availablePoints: number;
  readonly reservedPoints: number;
  readonly debtPoints: number;
  readonly earnedPoints: number;
  readonly redeemedPoints: number;
  readonly expiredPoints: number;
  readonly lots: readonly LotDocument[];
  readonly pendingAdjustments: readonly {
    adjustmentId: string;
    points: number;
    reason: string;
    requestedBy: string;
  }[];
  readonly updatedAt: string;
}

export interface TierChangeView {
  readonly at: string;
  readonly change: 'upgrade' | 'downgrade';
  readonly fromTier: string | null;
  readonly toTier: string;
  readonly qualifyingPoints: number;
}

export type PointsLiabilityView = Required<Omit<PointsLiabilityDocument, '_id' | 'daily'>>;

export type ProgramView = Omit<ProgramDocument, '_id' | 'tierWindowMonths' | 'definition'> & {
  readonly tierWindowMonths: number | null;
  /** The whole definition; null until the projection (version 2) has rebuilt the document. */
  readonly definition: StoredProgramDefinition | null;
};

/** The liability at the end of a UTC day: points owed (free + reserved) and debt owed back. */
export interface LiabilityAt {
  readonly outstandingPoints: number;
  readonly debtPoints: number;
}

export interface LiabilityAsOfView extends LiabilityAt {
  /** The day (YYYY-MM-DD, UTC) whose end the figures are taken at. */
  readonly asOf: string;
  /** Every month from the first activity up to asOf's month, at its last day (asOf's month: at asOf). */
  readonly monthEnds: readonly (LiabilityAt & { readonly month: string; readonly day: string })[];
}

/** Sums the daily changes up to `asOf` (a YYYY-MM-DD day), closing each month on its last day. */
export function liabilityAsOf(
  daily: NonNullable<PointsLiabilityDocument['daily']>,
  asOf: string,
): LiabilityAsOfView {
  const days = Object.keys(daily)
    .filter((day) => day <= asOf)
    .sort();
  const running = { outstandingPoints: 0, debtPoints: 0 };
  const monthEnds = new Map<string, LiabilityAt & { month: string; day: string }>();
  let month = days[0]?.slice(0, 7);
  for (const day of days) {
    // Months without activity in between close at the balance carried into them.
    for (; month !== undefined && month < day.slice(0, 7); month = nextMonth(month))
      monthEnds.set(month, { month, day: lastDayOf(month), ...running });
    running.outstandingPoints += daily[day]?.outstanding ?? 0;
    running.debtPoints += daily[day]?.debt ?? 0;
  }
  for (; month !== undefined && month <= asOf.slice(0, 7); month = nextMonth(month))
    monthEnds.set(month, {
      month,
      day: month === asOf.slice(0, 7) ? asOf : lastDayOf(month),
      ...running,
    });
  return { asOf, ...running, monthEnds: [...monthEnds.values()] };
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

export class LoyaltyReadModelQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  private members() {
    return this.resolver.collection<MemberBalanceDocument>(
      LOYALTY_MEMBER_PROJECTION,
      LOYALTY_MEMBER_MODEL,
    );
  }

  private liabilities() {
    return this.resolver.collection<PointsLiabilityDocument>(
      LOYALTY_LIABILITY_PROJECTION,
      LOYALTY_LIABILITY_MODEL,
    );
  }

  private programs() {
    return this.resolver.collection<ProgramDocument>(
      LOYALTY_PROGRAM_PROJECTION,
      LOYALTY_PROGRAM_MODEL,
    );
  }

  async member(tenantId: string, memberId: string): Promise<MemberBalanceView | null> {
    if (!ID_KEY.test(memberId)) return null;
    const members = await this.members();
    const doc = await members.findOne(
      { _id: memberId, tenantId: String(tenantId) },
      // The daily changes serve reports as of a past instant, not the balance.
      { projection: { ...INTERNAL_FIELDS_PROJECTION, daily: 0 } },
    );
    return doc ? toView(doc) : null;
  }

  async liability(tenantId: string): Promise<PointsLiabilityView | null> {
    const liability = await this.liabilities();
    const doc = await liability.findOne(
      { _id: String(tenantId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    if (!doc) return null;
    const { _id: _tenant, daily: _daily, ...view } = doc;
    // A flow nothing moved yet (no lot has expired) is absent from the document, and reads as 0.
    return {
      outstandingPoints: 0,
      earnedPoints: 0,
      redeemedPoints: 0,
      expiredPoints: 0,
      reversedPoints: 0,
      adjustedPoints: 0,
      debtPoints: 0,
      members: 0,
      referralPoints: 0,
      ...view,
    };
  }

  /** The tenant's liability at the end of the UTC day `asOf` (YYYY-MM-DD), with its month-ends. */
  async liabilityAsOf(tenantId: string, asOf: string): Promise<LiabilityAsOfView> {
    const liability = await this.liabilities();
    const doc = await liability.findOne({ _id: String(tenantId) }, { projection: { daily: 1 } });
    return liabilityAsOf(doc?.daily ?? {}, asOf);
  }

  /**
   * The tier mix: members per tier of the program, lowest first (a member without a tier counts
   * in the first, base tier). Empty before a program is defined.
   */
  async tierMix(tenantId: string): Promise<{ tier: string; members: number }[]> {
    const program = await this.program(tenantId);
    if (!program) return [];
    const members = await this.members();
    return Promise.all(
      program.tiers.map(async (tier, i) => ({
        tier: tier.name,
        members: await members.countDocuments(
          i === 0
            ? {
                tenantId: String(tenantId),
                $or: [{ tier: { $exists: false } }, { tier: tier.name }],
              }
            : { tenantId: String(tenantId), tier: tier.name },
        ),
      })),
    );
  }

  /** The member who holds a referral code (as issued: upper case), or null when none is known. */
  async memberIdByReferralCode(tenantId: string, code: string): Promise<string | null> {
    if (!ID_KEY.test(code)) return null;
    const members = await this.members();
    const doc = await members.findOne(
      { tenantId: String(tenantId), referralCode: code.trim().toUpperCase() },
      { projection: { memberId: 1 } },
    );
    return doc?.memberId ?? null;
  }

  /** The tenant's program (tiers and their benefits), or null before one is defined. */
  async program(tenantId: string): Promise<ProgramView | null> {
    const programs = await this.programs();
    const doc = await programs.findOne(
      { _id: String(tenantId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    if (!doc) return null;
    const { _id: _tenant, tierWindowMonths, definition, ...view } = doc;
    return { ...view, tierWindowMonths: tierWindowMonths ?? null, definition: definition ?? null };
  }
}

export function toView(doc: MemberBalanceDocument): MemberBalanceView {
  return {
    memberId: doc.memberId,
    enrolledAt: doc.enrolledAt,
    source: doc.source,
    tier: doc.tier ?? null,
    tierReviewAt: doc.tierReviewAt ?? null,
    tierInGrace: doc.tierInGrace === 1,
    referralCode: doc.referralCode ?? null,
    churnBand: doc.churnBand ?? 'low',
    churnScore: doc.churnScore ?? 0,
    churnFactors: doc.churnFactors ?? [],
    referredBy: doc.referredBy ?? null,
    referralFlags: doc.referralFlags ?? [],
    referralRewardWithheldFor: doc.referralRewardWithheldFor ?? null,
    referralPoints: doc.referralPoints ?? 0,
    tierHistory: Object.values(doc.tierHistory ?? {})
      .map((c) => ({ ...c, fromTier: c.fromTier ?? null }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    qualifyingPoints: doc.qualifyingPoints ?? 0,
    availablePoints: doc.availablePoints ?? 0,
    reservedPoints: doc.reservedPoints ?? 0,
    debtPoints: doc.debtPoints ?? 0,
    earnedPoints: doc.earnedPoints ?? 0,
    redeemedPoints: doc.redeemedPoints ?? 0,
    expiredPoints: doc.expiredPoints ?? 0,
    lots: Object.values(doc.lots ?? {})
      .filter((lot) => lot.points > 0)
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.lotId.localeCompare(b.lotId)),
    pendingAdjustments: Object.entries(doc.pendingAdjustments ?? {}).map(([key, p]) => ({
      ...p,
      adjustmentId: p.adjustmentId ?? decodeFieldKey(key),
    })),
    updatedAt: doc.updatedAt,
  };
}
