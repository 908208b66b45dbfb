// The query API of the loyalty read models, for the gateway: a member's balance with the lots still
// holding points (closest expiry first) and the tenant's points liability. Every call is
// tenant-scoped; ids are checked against a strict pattern before they reach a filter.
import { decodeFieldKey, INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  LOYALTY_LIABILITY_MODEL,
  LOYALTY_LIABILITY_PROJECTION,
  LOYALTY_MEMBER_MODEL,
  LOYALTY_MEMBER_PROJECTION,
  type LotDocument,
  type MemberBalanceDocument,
  type PointsLiabilityDocument,
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

export type PointsLiabilityView = Omit<PointsLiabilityDocument, '_id' | 'referralPoints'> & {
  readonly referralPoints: number;
};

export class LoyaltyReadModelQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async member(tenantId: string, memberId: string): Promise<MemberBalanceView | null> {
    if (!ID_KEY.test(memberId)) return null;
    const members = await this.resolver.collection<MemberBalanceDocument>(
      LOYALTY_MEMBER_PROJECTION,
      LOYALTY_MEMBER_MODEL,
    );
    const doc = await members.findOne(
      { _id: memberId, tenantId: String(tenantId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    return doc ? toView(doc) : null;
  }

  async liability(tenantId: string): Promise<PointsLiabilityView | null> {
    const liability = await this.resolver.collection<PointsLiabilityDocument>(
      LOYALTY_LIABILITY_PROJECTION,
      LOYALTY_LIABILITY_MODEL,
    );
    const doc = await liability.findOne(
      { _id: String(tenantId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    if (!doc) return null;
    const { _id: _tenant, ...view } = doc;
    return { ...view, referralPoints: view.referralPoints ?? 0 };
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
