// How a member's state is stored in a snapshot (ADR 0223). The state keeps its collections in
// persistent maps (ADR 0265), which JSON cannot hold, so each map is stored as an array of
// [key, value] entries (an array, not an object: an object would move integer-like keys first and
// change the insertion order that spending follows). Decoding rebuilds the same maps in the same
// order, so a snapshot plus the events after it folds to exactly what a full replay folds.
import type { SnapshotStateCodec } from '@crm/event-sourcing';
import { PersistentMap } from './persistent-map';
import type { EnrolledMember, MemberState } from './member.state';

/**
 * Bump whenever `memberDecider.evolve`, the state shape or an upcaster of member events changes:
 * snapshots taken by other code are then ignored (and replaced by a full replay).
 */
export const MEMBER_STATE_SCHEMA_VERSION = 'loyalty-member-2';

const MAP_FIELDS = [
  'lots',
  'reservations',
  'orders',
  'adjustmentIds',
  'pendingAdjustments',
] as const satisfies readonly (keyof EnrolledMember)[];

export const memberSnapshotCodec: SnapshotStateCodec<MemberState> = {
  encode(state) {
    if (state.status !== 'enrolled') return state;
    const plain: Record<string, unknown> = { ...state };
    for (const field of MAP_FIELDS) plain[field] = state[field].entries();
    // The JSON round trip drops undefined optional fields, exactly as the stored jsonb will.
    return JSON.parse(JSON.stringify(plain)) as unknown;
  },
  decode(stored) {
    const member = stored as Record<string, unknown> & MemberState;
    if (member.status !== 'enrolled') return member;
    const decoded: Record<string, unknown> = { ...member };
    for (const field of MAP_FIELDS)
      decoded[field] = PersistentMap.of(member[field] as unknown as [string, unknown][]);
    return decoded as unknown as MemberState;
  },
};
