// Churn early warning, transparent by construction: the score is the sum of a few factors, each
// with its points and the figures that produced it, so a person can check why a member is at risk.
//   - recency: days since the last order against the member's own usual interval between orders
//     (or, with fewer than two orders, against a default interval);
//   - frequency drop: orders in the last 90 days against the member's average per 90 days over the
//     year before;
//   - points about to expire unused: the share of free points in lots expiring within 30 days.
// Bands: low < 30 ≤ medium < 60 ≤ high. A move to a worse band raises ChurnRiskRaised with the
// factors; a move to a better band eases it (ChurnRiskEased), so the next worsening raises again.
import { lotsExpiringWithin, sumPoints } from './lots';
import type { MemberEvent } from './member.events';
import { availablePoints, lotsByExpiry, type EnrolledMember } from './member.state';

const DAY_MS = 86_400_000;
/** Usual interval assumed for a member with fewer than two orders. */
export const DEFAULT_ORDER_INTERVAL_DAYS = 30;
const PERIOD_DAYS = 90;
const EXPIRY_HORIZON_DAYS = 30;

export type ChurnBand = 'low' | 'medium' | 'high';
const BAND_RANK: Readonly<Record<ChurnBand, number>> = { low: 0, medium: 1, high: 2 };

export interface ChurnFactor {
  readonly factor: 'recency' | 'frequency_drop' | 'expiring_unused';
  readonly points: number;
  /** The figures behind the points, in words a person can check. */
  readonly detail: string;
}

export interface ChurnAssessment {
  readonly score: number;
  readonly band: ChurnBand;
  readonly factors: readonly ChurnFactor[];
}

export function bandOf(score: number): ChurnBand {
  return score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low';
}

function recency(orderTimes: readonly number[], since: number, now: number): ChurnFactor {
  const last = orderTimes.at(-1) ?? since;
  const days = Math.floor((now - last) / DAY_MS);
  const gaps = orderTimes.slice(1).map((t, i) => t - orderTimes[i]!);
  const usual =
    gaps.length > 0
      ? Math.max(1, Math.round(gaps.reduce((n, g) => n + g, 0) / gaps.length / DAY_MS))
      : DEFAULT_ORDER_INTERVAL_DAYS;
  const ratio = days / usual;
  const points = ratio >= 3 ? 50 : ratio >= 2 ? 35 : ratio >= 1.5 ? 20 : 0;
  const basis = gaps.length > 0 ? 'usual interval' : 'default interval';
  return {
    factor: 'recency',
    points,
    detail: `${days} days since the last ${orderTimes.length > 0 ? 'order' : 'enrolment'}; ${basis} ${usual} days`,
  };
}

function frequencyDrop(orderTimes: readonly number[], now: number): ChurnFactor {
  const period = PERIOD_DAYS * DAY_MS;
  const recent = orderTimes.filter((t) => t > now - period).length;
  const before = orderTimes.filter((t) => t <= now - period && t > now - 5 * period).length;
  const usual = before / 4;
  const points = usual > 0 && recent === 0 ? 30 : usual > 0 && recent < usual / 2 ? 20 : 0;
  return {
    factor: 'frequency_drop',
    points,
    detail: `${recent} orders in the last ${PERIOD_DAYS} days; ${usual} on average per ${PERIOD_DAYS} days the year before`,
  };
}

function expiringUnused(state: EnrolledMember, at: string): ChurnFactor {
  const available = availablePoints(state, at);
  const expiring = sumPoints(lotsExpiringWithin(lotsByExpiry(state), at, EXPIRY_HORIZON_DAYS));
  const points = expiring > 0 && expiring * 2 >= available ? 20 : 0;
  return {
    factor: 'expiring_unused',
    points,
    detail: `${expiring} of ${available} free points expire within ${EXPIRY_HORIZON_DAYS} days`,
  };
}

export function assessChurn(state: EnrolledMember, at: string): ChurnAssessment {
  const now = Date.parse(at);
  const orderTimes = state.orders
    .values()
    .map((o) => Date.parse(o.earnedAt))
    .filter((t) => t <= now)
    .sort((a, b) => a - b);
  const factors = [
    recency(orderTimes, Date.parse(state.enrolledAt), now),
    frequencyDrop(orderTimes, now),
    expiringUnused(state, at),
  ];
  const score = Math.min(
    100,
    factors.reduce((n, f) => n + f.points, 0),
  );
  return { score, band: bandOf(score), factors };
}

/** ChurnRiskRaised on a worse band (with the factors), ChurnRiskEased on a better one, else nothing. */
export function decideChurnRisk(state: EnrolledMember, at: string): MemberEvent[] {
  const assessment = assessChurn(state, at);
  const previous = state.churnBand ?? 'low';
  const change = BAND_RANK[assessment.band] - BAND_RANK[previous];
  if (change === 0) return [];
  const common = {
    memberId: state.memberId,
    score: assessment.score,
    band: assessment.band,
    previousBand: previous,
    assessedAt: at,
  };
  return change > 0
    ? [{ type: 'loyalty.ChurnRiskRaised', data: { ...common, factors: assessment.factors } }]
    : [{ type: 'loyalty.ChurnRiskEased', data: common }];
}
