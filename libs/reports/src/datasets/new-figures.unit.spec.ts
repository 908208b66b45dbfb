// The RFM grid's scores, the stage rows of one opportunity and forecast periods, checked against
// values worked out by hand from the definitions in docs/reports.md.
import type { Customer360Document } from '@crm/customers-read-models';
import type { OpportunityStagesDocument } from '../read-models/report-read-models';
import { validateReport } from '../definition/report-definition';
import { aggregateReport } from '../engine/aggregate-report';
import { standardReport } from '../packs/standard-packs';
import { DATASETS } from './catalogue';
import { rfmScoresOf } from './customers.dataset';
import { periodDates } from './forecast-accuracy.dataset';
import { daysInStageOf, stageRowsOf } from './stage-durations.dataset';

const NOW = new Date('2026-06-30T12:00:00Z');

function customer(id: string, months: Record<string, [number, number]>): Customer360Document {
  return {
    _id: id,
    tenantId: 't',
    kind: 'person',
    status: 'active',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    version: 1,
    purchases: {
      count: Object.values(months).reduce((n, [count]) => n + count, 0),
      months: Object.fromEntries(
        Object.entries(months).map(([m, [count, minor]]) => [m, { count, minor: { EUR: minor } }]),
      ),
    },
  };
}

describe('RFM grid', () => {
  it('scores recency by the latest month with a purchase, frequency and monetary over 12 months', () => {
    // June and May → 5; March (3 back) → 4; never → 0; 13 months back → 1 (and nothing in 12 months).
    expect(rfmScoresOf(customer('a', { '2026-06': [12, 600_000] }), NOW)).toEqual({
      recency: 5,
      frequency: 5,
      monetary: 5,
    });
    expect(rfmScoresOf(customer('b', { '2026-03': [2, 30_000] }), NOW)).toEqual({
      recency: 4,
      frequency: 2,
      monetary: 3,
    });
    expect(rfmScoresOf(customer('c', {}), NOW)).toEqual({ recency: 0, frequency: 0, monetary: 0 });
    expect(rfmScoresOf(customer('d', { '2025-05': [1, 1_000] }), NOW)).toEqual({
      recency: 1,
      frequency: 0,
      monetary: 0,
    });
  });

  it('counts customers per recency × frequency cell', () => {
    const docs = [
      customer('a', { '2026-06': [12, 600_000] }),
      customer('b', { '2026-05': [12, 1_000] }),
      customer('c', { '2026-03': [2, 30_000] }),
      customer('d', {}),
    ];
    const table = aggregateReport(
      validateReport(standardReport('customers', 'rfmGrid'), DATASETS, NOW),
      docs as unknown as Record<string, unknown>[],
    );
    expect(table.rows).toEqual([
      { dimensions: ['0', '0'], values: [1, 0] },
      { dimensions: ['4', '2'], values: [1, 2] },
      { dimensions: ['5', '5'], values: [2, 24] },
    ]);
  });

  it('refuses asOf other than a month start (the scores are dated by month)', () => {
    expect(() =>
      validateReport(
        standardReport('customers', 'rfmGrid', { asOf: '2026-01-15T00:00:00Z' }),
        DATASETS,
        NOW,
      ),
    ).toThrow(/rfmRecency is dated by month/);
  });
});

describe('stage rows', () => {
  const doc: OpportunityStagesDocument = {
    _id: 'o',
    tenantId: 't',
    ownerId: 'ann',
    teamId: null,
    pipelineId: 'default',
    openedAt: '2026-04-01T00:00:00Z',
    status: 'won',
    currentStageId: 'proposal',
    currentEnteredAt: '2026-04-05T00:00:00Z',
    closedAt: '2026-04-08T00:00:00Z',
    stages: {
      new: { stageId: 'new', entered: 1, movedOut: 1, movedOutMs: 2 * 86_400_000 },
      proposal: { stageId: 'proposal', entered: 2, movedOut: 1, movedOutMs: 86_400_000, won: 1 },
    },
    version: 5,
  };

  it('ends the current visit at the close, and averages the ended visits', () => {
    const [first, second] = stageRowsOf(doc);
    expect(daysInStageOf(first!)).toBe(2);
    // One visit moved out after 1 day, the closing one lasted 3 days: 2 on average.
    expect(second).toMatchObject({ endedVisits: 2, won: 1, stillIn: false });
    expect(daysInStageOf(second!)).toBe(2);
  });

  it('does not count the current visit of an open opportunity', () => {
    const open = { ...doc, status: 'open' as const, closedAt: undefined };
    const [, current] = stageRowsOf(open);
    expect(current).toMatchObject({ endedVisits: 1, stillIn: true });
    expect(daysInStageOf(current!)).toBe(1);
  });
});

describe('forecast periods', () => {
  it('reads quarters and months as [from, to) dates, and nothing else', () => {
    expect(periodDates('2026-Q4')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(periodDates('2026-02')).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(periodDates('2026-13')).toBeUndefined();
    expect(periodDates('2026-Q5')).toBeUndefined();
  });
});
