// Time travel for disputes: a member account as it stood at a past instant, folded from the
// member's own events (never from a read model, which only knows "now"). The stream is appended in
// the order the service clock stamped it, so the account at `asOf` is the prefix of events whose
// instants are not after it; lots count only while valid at `asOf` (a lot whose expiry instant has
// passed is gone even if its PointsExpired was recorded later).
import type { ProgramDefinition } from '../program/program.types';
import { memberDecider } from './member.decider';
import type { MemberEvent } from './member.events';
import { availablePoints, lotsByExpiry, reservedPoints, type Lot } from './member.state';
import { tierProgress, type TierProgress } from './tiers';
import { memberEventInstant } from './verify-ledger';

export interface TierChange {
  readonly at: string;
  readonly change: 'upgrade' | 'downgrade';
  readonly fromTier?: string;
  readonly toTier: string;
  readonly qualifyingPoints: number;
}

export interface MemberAsOf {
  readonly asOf: string;
  /** False when the member was not (yet) enrolled at `asOf`. */
  readonly enrolled: boolean;
  readonly tier?: string;
  /** Lifetime qualifying points at `asOf`. */
  readonly qualifyingPoints: number;
  readonly availablePoints: number;
  readonly reservedPoints: number;
  readonly debtPoints: number;
  /** Lots valid at `asOf`, closest expiry first. */
  readonly lots: readonly Lot[];
  readonly tierReviewAt?: string;
  readonly tierInGrace: boolean;
  /** Every tier change up to `asOf`, oldest first. */
  readonly tierHistory: readonly TierChange[];
  /** How many of the member's events were folded. */
  readonly events: number;
  /** Against the programme in force (when given): how far the next tier is at `asOf`. */
  readonly tierProgress?: TierProgress;
}

function tierChange(event: MemberEvent): TierChange | undefined {
  if (event.type === 'loyalty.TierUpgraded')
    return {
      at: event.data.upgradedAt,
      change: 'upgrade',
      ...(event.data.fromTier ? { fromTier: event.data.fromTier } : {}),
      toTier: event.data.toTier,
      qualifyingPoints: event.data.qualifyingPoints,
    };
  if (event.type === 'loyalty.TierDowngraded')
    return {
      at: event.data.downgradedAt,
      change: 'downgrade',
      fromTier: event.data.fromTier,
      toTier: event.data.toTier,
      qualifyingPoints: event.data.qualifyingPoints,
    };
  return undefined;
}

export function memberAsOf(
  events: readonly MemberEvent[],
  asOf: string,
  program?: ProgramDefinition,
): MemberAsOf {
  const until = Date.parse(asOf);
  const end = events.findIndex((e) => Date.parse(memberEventInstant(e)) > until);
  const folded = end === -1 ? events : events.slice(0, end);
  const state = folded.reduce(
    (current, event) => memberDecider.evolve(current, event),
    memberDecider.initialState,
  );
  const tierHistory = folded.flatMap((e) => tierChange(e) ?? []);
  if (state.status !== 'enrolled') {
    return {
      asOf,
      enrolled: false,
      qualifyingPoints: 0,
      availablePoints: 0,
      reservedPoints: 0,
      debtPoints: 0,
      lots: [],
      tierInGrace: false,
      tierHistory,
      events: folded.length,
    };
  }
  return {
    asOf,
    enrolled: true,
    ...(state.tier ? { tier: state.tier } : {}),
    qualifyingPoints: state.qualifyingPoints,
    availablePoints: availablePoints(state, asOf),
    reservedPoints: reservedPoints(state),
    debtPoints: state.debt,
    lots: lotsByExpiry(state).filter((lot) => Date.parse(lot.expiresAt) > until),
    ...(state.tierReviewAt ? { tierReviewAt: state.tierReviewAt } : {}),
    tierInGrace: state.tierInGrace === true,
    tierHistory,
    events: folded.length,
    ...(program ? { tierProgress: tierProgress(state, program, asOf) } : {}),
  };
}
