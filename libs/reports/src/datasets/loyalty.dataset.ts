// Loyalty members of the member-balance read model (tenant-wide for the roles that read loyalty).
// Points liability = free + reserved points the tenant owes; earn and burn are the members'
// lifetime earned, redeemed and expired points. Churn band and score: the daily churn assessment
// (ADR 0222); a member not assessed yet counts as `low` with score 0, as the member query shows it.
// asOf: the members enrolled by then, with their tier at that instant and their points summed over
// the days booked up to its UTC day (ADR 0301), and their churn band and score then from the
// reports context's churn history (ADR 0391).
import {
  LOYALTY_MEMBER_MODEL,
  LOYALTY_MEMBER_PROJECTION,
  memberAsOfDay,
  type MemberBalanceDocument,
} from '@crm/loyalty-read-models';
import {
  REPORT_CHURN_HISTORY_MODEL,
  REPORT_CHURN_HISTORY_PROJECTION,
  type ChurnFact,
  type ChurnHistoryDocument,
} from '../read-models/report-read-models';
import { declareDataset, documentsById, orNone, type JoinSource } from './dataset';
import { latestFact } from './dated-facts';
import { counter, field, orNoneOf } from './server-expressions';

type MemberRow = MemberBalanceDocument & {
  /** The churn band and score at the report's instant; null: not assessed by then. */
  readonly churnThen?: ChurnFact | null;
};

/** Each member with the churn band and score it had at `asOf`, from the churn history. */
async function withChurnThen(
  rows: readonly MemberRow[],
  source: JoinSource,
  asOf: Date,
): Promise<MemberRow[]> {
  const byId = await documentsById<ChurnHistoryDocument>(
    source,
    REPORT_CHURN_HISTORY_PROJECTION,
    REPORT_CHURN_HISTORY_MODEL,
    rows.map((r) => r._id),
    ['facts'],
  );
  return rows.map((row) => ({
    ...row,
    churnThen: latestFact(byId.get(row._id)?.facts, asOf) ?? null,
  }));
}

/** The member as it stood at `asOf`: tier and points of that day, churn band and score then. */
export function memberAsOf(doc: MemberRow, asOf: Date): MemberRow | null {
  const { churnThen, churnBand: _band, churnScore: _score, ...member } = doc;
  const seen = memberAsOfDay(member, asOf);
  if (!seen) return null;
  return churnThen ? { ...seen, churnBand: churnThen.band, churnScore: churnThen.score } : seen;
}

/** A counter the projection creates with its first `$inc`: absent until then, i.e. 0. */
const points = (value: number | undefined): number => value ?? 0;

export const loyaltyMembersDataset = declareDataset<MemberRow>({
  name: 'loyaltyMembers',
  label: 'Loyalty members',
  projection: LOYALTY_MEMBER_PROJECTION,
  model: LOYALTY_MEMBER_MODEL,
  scope: 'loyalty',
  storeCategory: 'loyalty.Member',
  timeField: 'enrolledAt',
  fields: [
    'tier',
    'source',
    'availablePoints',
    'reservedPoints',
    'debtPoints',
    'earnedPoints',
    'redeemedPoints',
    'expiredPoints',
    'churnBand',
    'churnScore',
    // Dated facts for asOf: the counters' changes per day and the tier changes.
    'daily',
    'tierHistory',
  ],
  dimensions: {
    tier: {
      label: 'Tier',
      value: (doc) => orNone(doc.tier),
      server: () => orNoneOf(field('tier')),
    },
    churnBand: {
      label: 'Churn band',
      value: (doc) => doc.churnBand ?? 'low',
      server: () => ({ $ifNull: [field('churnBand'), 'low'] }),
    },
    enrolment: { label: 'Enrolment', value: (doc) => doc.source, server: () => field('source') },
  },
  measures: {
    members: { kind: 'count', label: 'Members' },
    liabilityPoints: {
      kind: 'sum',
      label: 'Points liability (free + reserved)',
      value: (doc) => points(doc.availablePoints) + points(doc.reservedPoints),
      server: () => ({ $add: [counter('availablePoints'), counter('reservedPoints')] }),
    },
    earnedPoints: {
      kind: 'sum',
      label: 'Points earned',
      value: (doc) => points(doc.earnedPoints),
      server: () => counter('earnedPoints'),
    },
    redeemedPoints: {
      kind: 'sum',
      label: 'Points redeemed',
      value: (doc) => points(doc.redeemedPoints),
      server: () => counter('redeemedPoints'),
    },
    expiredPoints: {
      kind: 'sum',
      label: 'Points expired',
      value: (doc) => points(doc.expiredPoints),
      server: () => counter('expiredPoints'),
    },
    churnScore: {
      kind: 'average',
      label: 'Average churn score',
      value: (doc) => doc.churnScore ?? 0,
      server: () => counter('churnScore'),
    },
    debtPoints: {
      kind: 'sum',
      label: 'Points owed back (debt)',
      value: (doc) => points(doc.debtPoints),
      server: () => counter('debtPoints'),
    },
  },
  asOf: {
    at: memberAsOf,
    join: withChurnThen,
    joinedProjections: [REPORT_CHURN_HISTORY_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  record: (doc) => ({
    id: doc._id,
    tier: doc.tier ?? null,
    availablePoints: doc.availablePoints,
    reservedPoints: doc.reservedPoints,
    enrolledAt: doc.enrolledAt,
  }),
});
