// Live segment membership (stream `marketing.SegmentMembership-<segmentId>`): who is in a segment,
// kept as one `SegmentMembershipChanged` event per customer who entered or left. A reconciliation
// states who the segment selects now; the decider records only the differences, so reconciling
// twice with the same members records nothing, and the stream folded up to an instant is the
// membership as of that instant (loadStateAt). Events name customers by id only: after an erasure
// the counts of the past stay, and nothing personal does.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { Set as PersistentSet } from 'immutable';

export const SEGMENT_MEMBERSHIP_CATEGORY = 'marketing.SegmentMembership';
export const segmentMembershipStreamId = (segmentId: string): string =>
  `${SEGMENT_MEMBERSHIP_CATEGORY}-${segmentId}`;

export type MembershipChange = 'entered' | 'left';

export type SegmentMembershipChanged = DomainEvent<
  'marketing.SegmentMembershipChanged',
  {
    readonly segmentId: string;
    readonly customerId: string;
    readonly change: MembershipChange;
    readonly changedAt: string;
  }
>;
export type SegmentMembershipEvent = SegmentMembershipChanged;

export type ReconcileMembership = {
  readonly type: 'ReconcileMembership';
  readonly data: {
    readonly segmentId: string;
    /** Every customer the segment selects now. */
    readonly members: readonly string[];
    readonly now: string;
  };
};
export type SegmentMembershipCommand = ReconcileMembership;

/** A persistent set (structural sharing), so folding n changes stays linear and evolve pure (ADR 0265). */
export type SegmentMembershipState = { readonly members: PersistentSet<string> };

const changed = (
  segmentId: string,
  customerId: string,
  change: MembershipChange,
  changedAt: string,
): SegmentMembershipChanged => ({
  type: 'marketing.SegmentMembershipChanged',
  data: { segmentId, customerId, change, changedAt },
});

export const segmentMembershipDecider: Decider<
  SegmentMembershipState,
  SegmentMembershipCommand,
  SegmentMembershipEvent
> = {
  decide: ({ data: { segmentId, members, now } }, state) => {
    const selected = new Set(members);
    // Sorted, so the same reconciliation always appends the same events in the same order.
    const left = [...state.members].filter((id) => !selected.has(id)).sort();
    const entered = [...selected].filter((id) => !state.members.has(id)).sort();
    return [
      ...left.map((id) => changed(segmentId, id, 'left', now)),
      ...entered.map((id) => changed(segmentId, id, 'entered', now)),
    ];
  },
  evolve: (state, { data: { customerId, change } }) => ({
    members:
      change === 'entered' ? state.members.add(customerId) : state.members.remove(customerId),
  }),
  initialState: { members: PersistentSet<string>() },
};
