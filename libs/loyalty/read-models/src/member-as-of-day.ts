// A member balance document as it stood at a past instant, from the dated facts it carries: the
// counters summed over the days whose changes it booked up to that instant's UTC day (a day counts
// in full, as the liability as of a day does), and the tier of the last change at or before it.
// Serves the loyalty report as of an instant (ADR 0301); the member's own time travel replays its
// events instead (exact to the instant, `GetMemberAsOf`).
import {
  DATED_MEMBER_COUNTERS,
  type DatedMemberCounter,
  type MemberBalanceDocument,
} from './loyalty-read-model.documents';

export function memberAsOfDay(
  doc: MemberBalanceDocument,
  asOf: Date,
): MemberBalanceDocument | null {
  if (Date.parse(doc.enrolledAt) > asOf.getTime()) return null;
  const lastDay = asOf.toISOString().slice(0, 10);
  const counters = Object.fromEntries(DATED_MEMBER_COUNTERS.map((c) => [c, 0])) as Record<
    DatedMemberCounter,
    number
  >;
  for (const [day, changes] of Object.entries(doc.daily ?? {})) {
    if (day > lastDay) continue;
    for (const counter of DATED_MEMBER_COUNTERS) counters[counter] += changes[counter] ?? 0;
  }
  const tierChanges = Object.values(doc.tierHistory ?? {})
    .filter((change) => Date.parse(change.at) <= asOf.getTime())
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const { tier: _now, ...rest } = doc;
  const tier = tierChanges.at(-1)?.toTier;
  return { ...rest, ...counters, ...(tier ? { tier } : {}) };
}
