// Loyalty members of the member-balance read model (tenant-wide for the roles that read loyalty).
// Points liability = free + reserved points the tenant owes; earn and burn are the members'
// lifetime earned, redeemed and expired points. Churn band and score: the daily churn assessment
// (ADR 0222); a member not assessed yet counts as `low` with score 0, as the member query shows it.
// asOf: the members enrolled by then, with their tier at that instant and their points summed over
// the days booked up to its UTC day (ADR 0301); the churn band and score are not dated, refused.
import {
  LOYALTY_MEMBER_MODEL,
  LOYALTY_MEMBER_PROJECTION,
  memberAsOfDay,
  type MemberBalanceDocument,
} from '@crm/loyalty-read-models';
import { declareDataset, orNone } from './dataset';
import { counter, field, orNoneOf } from './server-expressions';

/** A counter the projection creates with its first `$inc`: absent until then, i.e. 0. */
const points = (value: number | undefined): number => value ?? 0;

export const loyaltyMembersDataset = declareDataset<MemberBalanceDocument>({
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
    at: memberAsOfDay,
    undatedDimensions: ['churnBand'],
    undatedMeasures: ['churnScore'],
  },
  record: (doc) => ({
    id: doc._id,
    tier: doc.tier ?? null,
    availablePoints: doc.availablePoints,
    reservedPoints: doc.reservedPoints,
    enrolledAt: doc.enrolledAt,
  }),
});
