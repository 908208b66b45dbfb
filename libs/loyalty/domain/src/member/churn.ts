// Churn early warning, transparent by construction: the score is the sum of a few factors, each
// with its points and the figures that produced it, so a person can check why a member is at risk.
//   - recency: days since the last order against the member's own usual interval between orders
//     (or, with fewer than two orders, against a default interval);
//   - frequency drop: orders in the last 90 days against the member's average per 90 days over the
//     year before;
//   - points about to expire unused: the share of free points in lots expiring within 30 days;
//   - signals from other contexts (ADR 0226): open complaints and a low CSAT answer (service
//     desk), unsubscribing from marketing e-mail (marketing).
// Bands: low < 30 ≤ medium < 60 ≤ high. A move to a worse band raises ChurnRiskRaised with the
// factors; a move to a better band eases it (ChurnRiskEased), so the next worsening raises again.
import { lotsExpiringWithin, sumPoints } from './lots';
import type { MemberCommand } from './member.commands';
import type { ChurnFactorName, MemberEvent } from './member.events';
import {
  availablePoints,
  lotsByExpiry,
  type ChurnSignals,
  type EnrolledMember,
} from './member.state';

const DAY_MS = 86_400_000;
/** Usual interval assumed for a member with fewer than two orders. */
export const DEFAULT_ORDER_INTERVAL_DAYS = 30;
const PERIOD_DAYS = 90;
const EXPIRY_HORIZON_DAYS = 30;
/** A CSAT answer at or below this (of 5) counts as unhappy for this many days. */
const LOW_CSAT = 2;
const CSAT_MEMORY_DAYS = 180;

export type ChurnBand = 'low' | 'medium' | 'high';
const BAND_RANK: Readonly<Record<ChurnBand, number>> = { low: 0, medium: 1, high: 2 };

export interface ChurnFactor {
  readonly factor: ChurnFactorName;
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

function openComplaints(signals: ChurnSignals | undefined): ChurnFactor {
  const open = signals?.openComplaints.length ?? 0;
  return {
    factor: 'open_complaints',
    points: open >= 3 ? 35 : open === 2 ? 25 : open === 1 ? 15 : 0,
    detail: `${open} open complaint${open === 1 ? '' : 's'} at the service desk`,
  };
}

function lowCsat(signals: ChurnSignals | undefined, now: number): ChurnFactor {
  const last = signals?.lastCsat;
  if (!last) return { factor: 'low_csat', points: 0, detail: 'no satisfaction answer' };
  const days = Math.floor((now - Date.parse(last.at)) / DAY_MS);
  const points = last.score <= LOW_CSAT && days <= CSAT_MEMORY_DAYS ? 20 : 0;
  return {
    factor: 'low_csat',
    points,
    detail: `last satisfaction answer ${last.score}/5, ${days} days ago`,
  };
}

function emailDisengaged(signals: ChurnSignals | undefined): ChurnFactor {
  const at = signals?.unsubscribedAt;
  return {
    factor: 'email_disengaged',
    points: at ? 10 : 0,
    detail: at
      ? `unsubscribed from marketing e-mail on ${at.slice(0, 10)}`
      : 'subscribed to marketing e-mail',
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
    openComplaints(state.churnSignals),
    lowCsat(state.churnSignals, now),
    emailDisengaged(state.churnSignals),
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

type SignalData = Extract<MemberCommand, { type: 'RecordChurnSignal' }>['data'];

/** Whether the signal changes what the member's churn signals say (a repeat does not). */
function changes(signals: ChurnSignals | undefined, c: SignalData): boolean {
  const open = signals?.openComplaints ?? [];
  switch (c.signal) {
    case 'complaint_opened':
      return !open.includes(c.sourceId);
    case 'complaint_closed':
      return open.includes(c.sourceId);
    case 'csat_answered':
      return signals?.lastCsat === undefined || c.at > signals.lastCsat.at;
    case 'email_unsubscribed':
      return signals?.unsubscribedAt === undefined;
    default: {
      const unknown: never = c.signal;
      return unknown;
    }
  }
}

/** The member's signals after one more (the fold of ChurnSignalRecorded). */
export function withSignal(
  signals: ChurnSignals | undefined,
  d: Extract<MemberEvent, { type: 'loyalty.ChurnSignalRecorded' }>['data'],
): ChurnSignals {
  const current: ChurnSignals = signals ?? { openComplaints: [] };
  switch (d.signal) {
    case 'complaint_opened':
      return { ...current, openComplaints: [...current.openComplaints, d.sourceId] };
    case 'complaint_closed':
      return { ...current, openComplaints: current.openComplaints.filter((t) => t !== d.sourceId) };
    case 'csat_answered':
      return { ...current, lastCsat: { score: d.csatScore ?? 0, at: d.recordedAt } };
    case 'email_unsubscribed':
      return { ...current, unsubscribedAt: d.recordedAt };
    default: {
      const unknown: never = d.signal;
      return unknown;
    }
  }
}

/**
 * Records a signal and reassesses at once, so a complaint or an unsubscribe that moves the member
 * into a worse band publishes ChurnRiskRaised now rather than at the next daily run. A signal that
 * changes nothing (a redelivery, a closure of a ticket that was not open) records nothing.
 */
export function recordChurnSignal(state: EnrolledMember, c: SignalData): MemberEvent[] {
  if (!changes(state.churnSignals, c)) return [];
  const data: Parameters<typeof withSignal>[1] = {
    memberId: state.memberId,
    signal: c.signal,
    sourceId: c.sourceId,
    ...(c.csatScore === undefined ? {} : { csatScore: c.csatScore }),
    recordedAt: c.at,
  };
  const recorded: MemberEvent = { type: 'loyalty.ChurnSignalRecorded', data };
  const after: EnrolledMember = { ...state, churnSignals: withSignal(state.churnSignals, data) };
  return [recorded, ...decideChurnRisk(after, c.at)];
}
