// Member balance: one document per member with its counters (and their changes per day) and its
// lots (points and expiry), changed by $inc and $set of paths only, so each event is applied on its own, idempotently under
// the position guard, and a rebuild from the log equals the live document.
import {
  DATED_MEMBER_COUNTERS,
  LOYALTY_MEMBER_MODEL,
  LOYALTY_MEMBER_PROJECTION,
} from '@crm/loyalty-read-models';
import {
  memberEventInstant,
  memberIdFromStreamId,
  type Draw,
  type LotCredit,
  type MemberEvent,
} from '@crm/loyalty-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  defineProjection,
  encodeFieldKey,
  upsert,
  type Fields,
  type ReadModelChange,
} from '@crm/read-models';

export const MEMBER_EVENT_TYPES: readonly MemberEvent['type'][] = [
  'loyalty.MemberEnrolled',
  'loyalty.PointsEarned',
  'loyalty.TierUpgraded',
  'loyalty.TierReviewed',
  'loyalty.TierDowngraded',
  'loyalty.ReferralCodeIssued',
  'loyalty.ReferralRecorded',
  'loyalty.ReferralRewardCredited',
  'loyalty.ReferralFlagged',
  'loyalty.ReferralRewardWithheld',
  'loyalty.ChurnRiskRaised',
  'loyalty.ChurnRiskEased',
  'loyalty.PointsReserved',
  'loyalty.ReservationConfirmed',
  'loyalty.ReservationReleased',
  'loyalty.PointsExpired',
  'loyalty.PointsExpiryReminded',
  'loyalty.OrderPointsReversed',
  'loyalty.RedeemedPointsRestored',
  'loyalty.PointsAdjustmentRequested',
  'loyalty.PointsAdjusted',
];

const sum = (items: readonly { points: number }[]): number =>
  items.reduce((n, i) => n + i.points, 0);

/** Per-lot changes: credits add (and name the lot), draws subtract. */
export function lotChanges(credits: readonly LotCredit[], draws: readonly Draw[]) {
  const set: Record<string, string> = {};
  const inc: Record<string, number> = {};
  for (const lot of [...credits, ...draws]) {
    const key = `lots.${encodeFieldKey(lot.lotId)}`;
    set[`${key}.lotId`] = lot.lotId;
    set[`${key}.expiresAt`] = lot.expiresAt;
  }
  for (const c of credits)
    inc[`lots.${encodeFieldKey(c.lotId)}.points`] =
      (inc[`lots.${encodeFieldKey(c.lotId)}.points`] ?? 0) + c.points;
  for (const d of draws)
    inc[`lots.${encodeFieldKey(d.lotId)}.points`] =
      (inc[`lots.${encodeFieldKey(d.lotId)}.points`] ?? 0) - d.points;
  return { set, inc };
}

/** One entry of the tier history map, keyed by the instant of the change ($set: idempotent). */
function tierHistoryEntry(
  at: string,
  change: 'upgrade' | 'downgrade',
  toTier: string,
  qualifyingPoints: number,
  fromTier: string | undefined,
): Record<string, string | number> {
  const key = `tierHistory.${encodeFieldKey(at)}`;
  return {
    [`${key}.at`]: at,
    [`${key}.change`]: change,
    [`${key}.toTier`]: toTier,
    [`${key}.qualifyingPoints`]: qualifyingPoints,
    ...(fromTier ? { [`${key}.fromTier`]: fromTier } : {}),
  };
}

/**
 * The counters' changes booked again on the UTC day the event took effect (its own instant, as the
 * member's time travel reads it): a member's figures as of a past day are the sum of its days up
 * to it (the loyalty report as of an instant, ADR 0301).
 */
export function dailyCounterIncrements(
  event: MemberEvent,
  inc: Readonly<Record<string, number>>,
): Record<string, number> {
  const day = memberEventInstant(event).slice(0, 10);
  const daily: Record<string, number> = {};
  for (const counter of DATED_MEMBER_COUNTERS) {
    const delta = inc[counter];
    if (delta) daily[`daily.${day}.${counter}`] = delta;
  }
  return daily;
}

export function projectMemberBalance(envelope: EventEnvelope): ReadModelChange[] {
  const memberId = memberIdFromStreamId(envelope.streamId);
  if (!memberId) return [];
  const event = { type: envelope.type, data: envelope.data } as MemberEvent;
  const at = envelope.occurredAt;
  const change = (
    inc: Record<string, number>,
    set: Fields = {},
    unset: readonly string[] = [],
  ): ReadModelChange[] => [
    upsert(LOYALTY_MEMBER_MODEL, memberId, {
      set: { tenantId: envelope.tenantId, memberId, updatedAt: at, ...set },
      inc: { ...inc, ...dailyCounterIncrements(event, inc) },
      ...(unset.length > 0 ? { unset } : {}),
    }),
  ];
  switch (event.type) {
    case 'loyalty.MemberEnrolled':
      return change({}, { enrolledAt: event.data.enrolledAt, source: event.data.source });
    case 'loyalty.PointsEarned': {
      const d = event.data;
      const lots = lotChanges(d.lot ? [d.lot] : [], []);
      return change(
        {
          ...lots.inc,
          qualifyingPoints: d.qualifyingPoints,
          availablePoints: d.lot?.points ?? 0,
          debtPoints: -d.debtSettled,
          earnedPoints: d.redeemablePoints,
        },
        lots.set,
      );
    }
    case 'loyalty.TierUpgraded': {
      const d = event.data;
      return change(
        {},
        {
          tier: d.toTier,
          tierInGrace: 0,
          ...tierHistoryEntry(d.upgradedAt, 'upgrade', d.toTier, d.qualifyingPoints, d.fromTier),
          ...(d.nextReviewAt ? { tierReviewAt: d.nextReviewAt } : {}),
        },
        d.nextReviewAt ? [] : ['tierReviewAt'],
      );
    }
    case 'loyalty.TierReviewed':
      return change(
        {},
        {
          tierReviewAt: event.data.nextReviewAt,
          tierInGrace: event.data.outcome === 'grace' ? 1 : 0,
        },
      );
    case 'loyalty.TierDowngraded': {
      const d = event.data;
      return change(
        {},
        {
          tier: d.toTier,
          tierInGrace: 0,
          ...tierHistoryEntry(
            d.downgradedAt,
            'downgrade',
            d.toTier,
            d.qualifyingPoints,
            d.fromTier,
          ),
          ...(d.nextReviewAt ? { tierReviewAt: d.nextReviewAt } : {}),
        },
        d.nextReviewAt ? [] : ['tierReviewAt'],
      );
    }
    case 'loyalty.ReferralCodeIssued':
      return change({}, { referralCode: event.data.code });
    case 'loyalty.ChurnRiskRaised':
    case 'loyalty.ChurnRiskEased':
      return change(
        {},
        {
          churnBand: event.data.band,
          churnScore: event.data.score,
          churnAssessedAt: event.data.assessedAt,
          // The factors of the last raise (an ease keeps them: they explain the last warning).
          ...(event.type === 'loyalty.ChurnRiskRaised'
            ? { churnFactors: event.data.factors.map((f) => ({ ...f })) }
            : {}),
        },
      );
    case 'loyalty.ReferralRecorded':
      return change({}, { referredBy: event.data.referrerId });
    case 'loyalty.ReferralFlagged':
      return change({}, { referralFlags: [...event.data.reasons] });
    case 'loyalty.ReferralRewardWithheld':
      return change({}, { referralRewardWithheldFor: event.data.orderId });
    case 'loyalty.ReferralRewardCredited': {
      const d = event.data;
      const lots = lotChanges(d.lot ? [d.lot] : [], []);
      return change(
        {
          ...lots.inc,
          availablePoints: d.lot?.points ?? 0,
          debtPoints: -d.debtSettled,
          referralPoints: d.points,
        },
        lots.set,
      );
    }
    case 'loyalty.PointsReserved': {
      const lots = lotChanges([], event.data.draws);
      return change(
        { ...lots.inc, availablePoints: -event.data.points, reservedPoints: event.data.points },
        lots.set,
      );
    }
    case 'loyalty.ReservationConfirmed':
      return change({ reservedPoints: -event.data.points, redeemedPoints: event.data.points });
    case 'loyalty.ReservationReleased': {
      const lots = lotChanges(event.data.draws, []);
      return change(
        { ...lots.inc, availablePoints: event.data.points, reservedPoints: -event.data.points },
        lots.set,
      );
    }
    case 'loyalty.PointsExpired': {
      const lots = lotChanges([], event.data.draws);
      return change(
        { ...lots.inc, availablePoints: -event.data.points, expiredPoints: event.data.points },
        lots.set,
      );
    }
    case 'loyalty.PointsExpiryReminded':
      return change(
        {},
        {
          'lastReminder.points': event.data.points,
          'lastReminder.firstExpiresAt': event.data.firstExpiresAt,
          'lastReminder.remindedAt': event.data.remindedAt,
        },
      );
    case 'loyalty.OrderPointsReversed': {
      const d = event.data;
      const lots = lotChanges([], d.draws);
      return change(
        {
          ...lots.inc,
          availablePoints: -sum(d.draws),
          debtPoints: d.debtIncurred,
          qualifyingPoints: -d.qualifyingPoints,
        },
        lots.set,
      );
    }
    case 'loyalty.RedeemedPointsRestored': {
      const d = event.data;
      const lots = lotChanges(d.lots, []);
      return change(
        {
          ...lots.inc,
          availablePoints: sum(d.lots),
          debtPoints: -d.debtSettled,
          redeemedPoints: -d.points,
        },
        lots.set,
      );
    }
    case 'loyalty.PointsAdjustmentRequested': {
      const d = event.data;
      const key = `pendingAdjustments.${encodeFieldKey(d.adjustmentId)}`;
      return change(
        {},
        {
          [`${key}.adjustmentId`]: d.adjustmentId,
          [`${key}.points`]: d.points,
          [`${key}.reason`]: d.reason,
          [`${key}.requestedBy`]: d.requestedBy,
        },
      );
    }
    // The signals show in the factors of the ChurnRiskRaised they cause (open complaints, CSAT,
    // e-mail); the signal itself changes no figure of the balance.
    case 'loyalty.ChurnSignalRecorded':
      return [];
    case 'loyalty.PointsAdjusted': {
      const d = event.data;
      const lots = lotChanges(d.lot ? [d.lot] : [], d.draws);
      return change(
        {
          ...lots.inc,
          availablePoints: (d.lot?.points ?? 0) - sum(d.draws),
          debtPoints: -d.debtSettled,
        },
        lots.set,
        [`pendingAdjustments.${encodeFieldKey(d.adjustmentId)}`],
      );
    }
    default: {
      const other: never = event;
      void other;
      return [];
    }
  }
}

export const memberBalanceProjection = defineProjection({
  name: LOYALTY_MEMBER_PROJECTION,
  // 2: the counters' daily changes (reports as of a past instant), rebuilt from the log.
  version: 2,
  eventTypes: MEMBER_EVENT_TYPES,
  readModels: [LOYALTY_MEMBER_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [LOYALTY_MEMBER_MODEL]: [
      { fields: { tenantId: 1, tier: 1 } },
      // The gateway finds a referral code's owner to compare contacts (ADR 0225).
      { fields: { tenantId: 1, referralCode: 1 } },
    ],
  },
  project: projectMemberBalance,
});
