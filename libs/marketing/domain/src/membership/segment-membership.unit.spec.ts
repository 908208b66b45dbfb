// Live membership: a reconciliation records who entered and who left, nothing when nothing changed,
// and the fold of the changes up to an instant is the membership then.
import {
  segmentMembershipDecider as decider,
  type SegmentMembershipEvent,
  type SegmentMembershipState,
} from './segment-membership.decider';

const fold = (events: readonly SegmentMembershipEvent[]): SegmentMembershipState =>
  events.reduce(decider.evolve, decider.initialState);

const reconcile = (state: SegmentMembershipState, members: string[], now: string) =>
  decider.decide({ type: 'ReconcileMembership', data: { segmentId: 's1', members, now } }, state);

describe('segment membership', () => {
  it('records the customers who entered, then those who left and entered, and nothing twice', () => {
    const first = reconcile(decider.initialState, ['bob', 'anna'], '2026-11-01T00:00:00.000Z');
    expect(first.map((e) => [e.data.customerId, e.data.change])).toEqual([
      ['anna', 'entered'],
      ['bob', 'entered'],
    ]);
    const second = reconcile(fold(first), ['anna', 'chen'], '2026-11-02T00:00:00.000Z');
    expect(second.map((e) => [e.data.customerId, e.data.change])).toEqual([
      ['bob', 'left'],
      ['chen', 'entered'],
    ]);
    const all = [...first, ...second];
    expect(reconcile(fold(all), ['chen', 'anna'], '2026-11-03T00:00:00.000Z')).toEqual([]);
    expect([...fold(all).members].sort()).toEqual(['anna', 'chen']);
    // As of the first day: the fold of the changes up to then.
    expect([...fold(first).members].sort()).toEqual(['anna', 'bob']);
  });

  it('keeps earlier states unchanged when folding further (evolve is pure)', () => {
    const [anna] = reconcile(decider.initialState, ['anna'], '2026-11-01T00:00:00.000Z');
    const before = fold([anna!]);
    decider.evolve(before, { ...anna!, data: { ...anna!.data, change: 'left' } });
    expect(before.members.has('anna')).toBe(true);
  });
});
