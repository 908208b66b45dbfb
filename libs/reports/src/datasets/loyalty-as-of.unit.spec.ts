// The loyalty report as of a past instant: members enrolled by then, their tier at that instant and
// their points summed over the days booked up to its UTC day, their churn band and score then
// from the reports context's churn history.
import { validateReport, type ReportDefinition } from '../definition/report-definition';
import { aggregateReport } from '../engine/aggregate-report';
import { DATASETS } from './catalogue';

const NOW = new Date('2026-06-30T12:00:00Z');
const run = (d: ReportDefinition, docs: Record<string, unknown>[]) =>
  aggregateReport(validateReport(d, DATASETS, NOW), docs);

/** Two members as the member-balance projection writes them (counters now, changes per day). */
const members = [
  {
    _id: 'm1',
    tenantId: 't',
    memberId: 'm1',
    enrolledAt: '2026-01-10T09:00:00.000Z',
    source: 'manual',
    tier: 'Gold',
    tierHistory: {
      a: {
        at: '2026-02-01T10:00:00.000Z',
        change: 'upgrade',
        toTier: 'Silver',
        qualifyingPoints: 500,
      },
      b: {
        at: '2026-05-01T10:00:00.000Z',
        change: 'upgrade',
        toTier: 'Gold',
        qualifyingPoints: 1000,
      },
    },
    availablePoints: 700,
    reservedPoints: 0,
    earnedPoints: 1000,
    redeemedPoints: 300,
    daily: {
      '2026-02-01': { availablePoints: 500, earnedPoints: 500 },
      '2026-03-15': { availablePoints: -300, reservedPoints: 300 },
      '2026-03-16': { reservedPoints: -300, redeemedPoints: 300 },
      '2026-05-01': { availablePoints: 500, earnedPoints: 500 },
    },
  },
  {
    _id: 'm2',
    tenantId: 't',
    memberId: 'm2',
    enrolledAt: '2026-04-01T09:00:00.000Z',
    source: 'automatic',
    availablePoints: 40,
    reservedPoints: 0,
    earnedPoints: 40,
    daily: { '2026-04-02': { availablePoints: 40, earnedPoints: 40 } },
  },
];

describe('loyalty members as of a past instant', () => {
  const byTier = (asOf?: string) =>
    run(
      {
        dataset: 'loyaltyMembers',
        dimensions: ['tier'],
        measures: ['members', 'liabilityPoints', 'earnedPoints', 'redeemedPoints'],
        ...(asOf ? { asOf } : {}),
      },
      members,
    );

  it('answers with the tier and points each member had then', () => {
    // 15 March: m1 Silver with 300 of its 500 points reserved; m2 not enrolled yet.
    expect(byTier('2026-03-15T18:00:00.000Z').rows).toEqual([
      { dimensions: ['Silver'], values: [1, 500, 500, 0] },
    ]);
    // 16 March: the reservation confirmed, the liability down to 200.
    expect(byTier('2026-03-16T18:00:00.000Z').rows).toEqual([
      { dimensions: ['Silver'], values: [1, 200, 500, 300] },
    ]);
    // 10 April: m2 enrolled (no tier) with its first order.
    expect(byTier('2026-04-10T00:00:00.000Z').rows).toEqual([
      { dimensions: ['(none)'], values: [1, 40, 40, 0] },
      { dimensions: ['Silver'], values: [1, 200, 500, 300] },
    ]);
  });

  it('answers now from the counters, and the same figures as of now', () => {
    const now = byTier();
    expect(now.rows).toEqual([
      { dimensions: ['(none)'], values: [1, 40, 40, 0] },
      { dimensions: ['Gold'], values: [1, 700, 1000, 300] },
    ]);
    expect(byTier(NOW.toISOString()).rows).toEqual(now.rows);
  });

  it('reads the churn band and score of then from the churn history', () => {
    // m1 went high on 1 March and eased to medium on 1 June; m2 (enrolled in April) never assessed.
    const facts = {
      3: { at: '2026-03-01T00:00:00.000Z', band: 'high', score: 70 },
      9: { at: '2026-06-01T00:00:00.000Z', band: 'medium', score: 40 },
    };
    const churned = members.map((m) =>
      m._id === 'm1' ? { ...m, churnBand: 'medium', churnScore: 40 } : m,
    );
    const byBand = (asOf: string) =>
      run(
        {
          dataset: 'loyaltyMembers',
          dimensions: ['churnBand'],
          measures: ['members', 'churnScore'],
          asOf,
        },
        churned.map((m) => {
          const then = Object.values(m._id === 'm1' ? facts : {})
            .filter((f) => f.at <= asOf)
            .pop();
          return { ...m, churnThen: then ?? null };
        }),
      ).rows;
    // 15 March: m1 high (70), m2 not enrolled yet; 15 June: m1 medium (40), m2 low (0).
    expect(byBand('2026-03-15T00:00:00.000Z')).toEqual([{ dimensions: ['high'], values: [1, 70] }]);
    expect(byBand('2026-06-15T00:00:00.000Z')).toEqual([
      { dimensions: ['low'], values: [1, 0] },
      { dimensions: ['medium'], values: [1, 40] },
    ]);
  });
});
