// Replays a member's history and checks the ledger without trusting the decider: every debit is
// covered by lots that hold the points and are valid at that instant, no lot and no debt ever goes
// negative, and the running totals match. Used by the property test and by the `VerifyMember`
// query of the service (a dispute or an audit can check any account).
import type { Draw, LotCredit, MemberEvent } from './member.events';

export interface LedgerViolation {
  readonly index: number;
  readonly type: string;
  readonly problem: string;
}

export interface LedgerTotals {
  readonly available: number;
  readonly reserved: number;
  readonly debt: number;
}

export interface LedgerReport {
  readonly violations: readonly LedgerViolation[];
  readonly totals: LedgerTotals;
  readonly events: number;
}

/** The instant a member event took effect (its own time field, stamped by the service clock). */
export function memberEventInstant(event: MemberEvent): string {
  switch (event.type) {
    case 'loyalty.MemberEnrolled':
      return event.data.enrolledAt;
    case 'loyalty.PointsEarned':
      return event.data.earnedAt;
    case 'loyalty.TierUpgraded':
      return event.data.upgradedAt;
    case 'loyalty.TierReviewed':
      return event.data.reviewedAt;
    case 'loyalty.TierDowngraded':
      return event.data.downgradedAt;
    case 'loyalty.ReferralCodeIssued':
      return event.data.issuedAt;
    case 'loyalty.ChurnRiskRaised':
    case 'loyalty.ChurnRiskEased':
      return event.data.assessedAt;
    case 'loyalty.ReferralRecorded':
      return event.data.recordedAt;
    case 'loyalty.ReferralRewardCredited':
      return event.data.creditedAt;
    case 'loyalty.ReferralFlagged':
      return event.data.flaggedAt;
    case 'loyalty.ChurnSignalRecorded':
      return event.data.recordedAt;
    case 'loyalty.ReferralRewardWithheld':
      return event.data.withheldAt;
    case 'loyalty.PointsReserved':
      return event.data.reservedAt;
    case 'loyalty.ReservationConfirmed':
      return event.data.confirmedAt;
    case 'loyalty.ReservationReleased':
      return event.data.releasedAt;
    case 'loyalty.PointsExpired':
      return event.data.expiredAt;
    case 'loyalty.PointsExpiryReminded':
      return event.data.remindedAt;
    case 'loyalty.OrderPointsReversed':
      return event.data.reversedAt;
    case 'loyalty.RedeemedPointsRestored':
      return event.data.restoredAt;
    case 'loyalty.PointsAdjustmentRequested':
      return event.data.requestedAt;
    case 'loyalty.PointsAdjusted':
      return event.data.adjustedAt;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function verifyLedger(events: readonly MemberEvent[]): LedgerReport {
  const lots = new Map<string, { points: number; expiresAt: string }>();
  const open = new Map<string, number>();
  const violations: LedgerViolation[] = [];
  let debt = 0;
  let index = 0;
  let type = '';
  const flag = (problem: string): void => {
    violations.push({ index, type, problem });
  };

  const debit = (draws: readonly Draw[], at: string, expiring = false): void => {
    for (const d of draws) {
      const lot = lots.get(d.lotId);
      if (!(Number.isSafeInteger(d.points) && d.points > 0))
        flag(`draw of ${d.points} from ${d.lotId}`);
      if (!lot) {
        flag(`draw from unknown or empty lot ${d.lotId}`);
        continue;
      }
      if (d.points > lot.points) flag(`draws ${d.points} from ${d.lotId} holding ${lot.points}`);
      const valid = Date.parse(lot.expiresAt) > Date.parse(at);
      if (expiring === valid) {
        flag(
          expiring ? `expires ${d.lotId} before its expiry` : `spends ${d.lotId} after its expiry`,
        );
      }
      const left = lot.points - d.points;
      if (left > 0) lots.set(d.lotId, { ...lot, points: left });
      else lots.delete(d.lotId);
    }
  };
  const credit = (credits: readonly LotCredit[]): void => {
    for (const c of credits) {
      if (!(Number.isSafeInteger(c.points) && c.points > 0))
        flag(`credit of ${c.points} to ${c.lotId}`);
      const lot = lots.get(c.lotId);
      lots.set(c.lotId, { points: (lot?.points ?? 0) + c.points, expiresAt: c.expiresAt });
    }
  };
  const settle = (amount: number): void => {
    if (amount < 0 || amount > debt) flag(`settles ${amount} of a debt of ${debt}`);
    debt -= amount;
  };
  const sum = (items: readonly { points: number }[]): number =>
    items.reduce((n, i) => n + i.points, 0);

  for (const event of events) {
    type = event.type;
    const at = memberEventInstant(event);
    switch (event.type) {
      case 'loyalty.MemberEnrolled':
      case 'loyalty.TierUpgraded':
      case 'loyalty.TierReviewed':
      case 'loyalty.TierDowngraded':
      case 'loyalty.ReferralCodeIssued':
      case 'loyalty.ReferralRecorded':
      case 'loyalty.ReferralFlagged':
      case 'loyalty.ReferralRewardWithheld':
      case 'loyalty.ChurnSignalRecorded':
      case 'loyalty.ChurnRiskRaised':
      case 'loyalty.ChurnRiskEased':
      case 'loyalty.PointsExpiryReminded':
      case 'loyalty.ReservationConfirmed':
      case 'loyalty.PointsAdjustmentRequested':
        if (event.type === 'loyalty.ReservationConfirmed') {
          if (!open.delete(event.data.reservationId))
            flag('confirms a reservation that is not open');
        }
        break;
      case 'loyalty.PointsEarned':
        settle(event.data.debtSettled);
        if (event.data.lot) credit([event.data.lot]);
        if (event.data.redeemablePoints !== event.data.debtSettled + (event.data.lot?.points ?? 0))
          flag('earned points are not debt settled plus the lot');
        break;
      case 'loyalty.PointsReserved':
        if (sum(event.data.draws) !== event.data.points) flag('reservation draws do not add up');
        debit(event.data.draws, at);
        open.set(event.data.reservationId, event.data.points);
        break;
      case 'loyalty.ReservationReleased':
        if (!open.delete(event.data.reservationId)) flag('releases a reservation that is not open');
        credit(event.data.draws);
        break;
      case 'loyalty.PointsExpired':
        debit(event.data.draws, at, true);
        break;
      case 'loyalty.OrderPointsReversed':
        debit(event.data.draws, at);
        if (sum(event.data.draws) + event.data.debtIncurred !== event.data.redeemablePoints)
          flag('reversal is not draws plus debt');
        debt += event.data.debtIncurred;
        break;
      case 'loyalty.RedeemedPointsRestored':
        settle(event.data.debtSettled);
        credit(event.data.lots);
        if (sum(event.data.lots) + event.data.debtSettled !== event.data.points)
          flag('restored points are not lots plus debt settled');
        break;
      case 'loyalty.ReferralRewardCredited':
        settle(event.data.debtSettled);
        if (event.data.lot) credit([event.data.lot]);
        if (event.data.points !== event.data.debtSettled + (event.data.lot?.points ?? 0))
          flag('referral reward is not debt settled plus the lot');
        break;
      case 'loyalty.PointsAdjusted':
        settle(event.data.debtSettled);
        debit(event.data.draws, at);
        if (event.data.lot) credit([event.data.lot]);
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
    if (debt < 0) flag(`debt went negative (${debt})`);
    index += 1;
  }
  return {
    violations,
    totals: {
      available: [...lots.values()].reduce((n, l) => n + l.points, 0),
      reserved: [...open.values()].reduce((n, p) => n + p, 0),
      debt,
    },
    events: events.length,
  };
}
