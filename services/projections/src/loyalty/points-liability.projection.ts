// Points liability: one document per tenant with the points it owes its members (free plus
// reserved) and the flows that moved it (earned, redeemed, expired, reversed, adjusted) and the
// debt members owe back. Every event is an $inc, so it applies on its own under the position guard.
import { LOYALTY_LIABILITY_MODEL, LOYALTY_LIABILITY_PROJECTION } from '@crm/loyalty-read-models';
import { memberEventInstant, type MemberEvent } from '@crm/loyalty-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import { MEMBER_EVENT_TYPES } from './member-balance.projection';

const sum = (items: readonly { points: number }[]): number =>
  items.reduce((n, i) => n + i.points, 0);

function increments(event: MemberEvent): Record<string, number> {
  switch (event.type) {
    case 'loyalty.MemberEnrolled':
      return { members: 1 };
    case 'loyalty.PointsEarned':
      return {
        outstandingPoints: event.data.lot?.points ?? 0,
        earnedPoints: event.data.redeemablePoints,
        debtPoints: -event.data.debtSettled,
      };
    case 'loyalty.ReservationConfirmed':
      return { outstandingPoints: -event.data.points, redeemedPoints: event.data.points };
    case 'loyalty.PointsExpired':
      return { outstandingPoints: -event.data.points, expiredPoints: event.data.points };
    case 'loyalty.OrderPointsReversed':
      return {
        outstandingPoints: -sum(event.data.draws),
        reversedPoints: event.data.redeemablePoints,
        debtPoints: event.data.debtIncurred,
      };
    case 'loyalty.RedeemedPointsRestored':
      return {
        outstandingPoints: sum(event.data.lots),
        redeemedPoints: -event.data.points,
        debtPoints: -event.data.debtSettled,
      };
    case 'loyalty.ReferralRewardCredited':
      return {
        outstandingPoints: event.data.lot?.points ?? 0,
        referralPoints: event.data.points,
        debtPoints: -event.data.debtSettled,
      };
    case 'loyalty.PointsAdjusted': {
      const net = (event.data.lot?.points ?? 0) - sum(event.data.draws);
      return {
        outstandingPoints: net,
        adjustedPoints: event.data.points,
        debtPoints: -event.data.debtSettled,
      };
    }
    // Reserving and releasing move points between free and reserved: both still owed.
    case 'loyalty.PointsReserved':
    case 'loyalty.ReservationReleased':
    case 'loyalty.TierUpgraded':
    case 'loyalty.TierReviewed':
    case 'loyalty.TierDowngraded':
    case 'loyalty.ReferralCodeIssued':
    case 'loyalty.ReferralRecorded':
    case 'loyalty.ChurnSignalRecorded':
    case 'loyalty.ReferralFlagged':
    case 'loyalty.ReferralRewardWithheld':
    case 'loyalty.ChurnRiskRaised':
    case 'loyalty.ChurnRiskEased':
    case 'loyalty.PointsExpiryReminded':
    case 'loyalty.PointsAdjustmentRequested':
      return {};
    default: {
      const other: never = event;
      void other;
      return {};
    }
  }
}

/**
 * The same change booked on the UTC day the event took effect (its own instant, as the member's
 * time travel reads it), so the liability as of any past day is a sum over days (ADR 0224).
 */
function dailyIncrements(event: MemberEvent, inc: Record<string, number>): Record<string, number> {
  const day = memberEventInstant(event).slice(0, 10);
  const daily: Record<string, number> = {};
  if (inc['outstandingPoints']) daily[`daily.${day}.outstanding`] = inc['outstandingPoints'];
  if (inc['debtPoints']) daily[`daily.${day}.debt`] = inc['debtPoints'];
  return daily;
}

export function projectPointsLiability(envelope: EventEnvelope): ReadModelChange[] {
  const event = { type: envelope.type, data: envelope.data } as MemberEvent;
  const flows = increments(event);
  if (Object.keys(flows).length === 0) return [];
  const inc = { ...flows, ...dailyIncrements(event, flows) };
  return [
    upsert(LOYALTY_LIABILITY_MODEL, envelope.tenantId, {
      set: { tenantId: envelope.tenantId, updatedAt: envelope.occurredAt },
      inc,
    }),
  ];
}

export const pointsLiabilityProjection = defineProjection({
  name: LOYALTY_LIABILITY_PROJECTION,
  // 2: daily buckets for the liability as of a past day (rebuilt from the log).
  version: 2,
  eventTypes: MEMBER_EVENT_TYPES,
  readModels: [LOYALTY_LIABILITY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectPointsLiability,
});
