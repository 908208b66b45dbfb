// Grouping and measures, checked against figures computed by hand in the test.
import { DATASETS } from '../datasets/catalogue';
import { validateReport, type ReportDefinition } from '../definition/report-definition';
import { aggregateReport, percentile } from './aggregate-report';

const NOW = new Date('2026-06-30T12:00:00Z');
const run = (d: ReportDefinition, docs: Record<string, unknown>[]) =>
  aggregateReport(validateReport(d, DATASETS, NOW), docs);

function ticket(
  id: string,
  priority: string,
  openedAt: string,
  extra: Record<string, unknown> = {},
) {
  return { _id: id, tenantId: 't', status: 'open', priority, channel: 'email', openedAt, ...extra };
}

describe('aggregateReport', () => {
  const tickets = [
    ticket('a', 'high', '2026-06-30T10:00:00Z', {
      status: 'resolved',
      resolvedAt: '2026-06-30T12:00:00Z',
      slaPolicyId: 'p',
    }),
    ticket('b', 'high', '2026-06-29T00:00:00Z', {
      status: 'resolved',
      resolvedAt: '2026-06-29T10:00:00Z',
      slaPolicyId: 'p',
      sla: { resolution: { breachedAt: '2026-06-29T08:00:00Z' } },
    }),
    ticket('c', 'high', '2026-06-20T00:00:00Z', { slaPolicyId: 'p' }),
    ticket('d', 'low', '2026-06-30T11:00:00Z'),
  ];

  it('computes SLA met %, resolution percentiles and counts per group, and totals', () => {
    const table = run(
      {
        dataset: 'tickets',
        dimensions: ['priority'],
        measures: ['tickets', 'slaMet', 'resolutionHoursP50', 'resolutionHoursP90'],
      },
      tickets,
    );
    // high: 3 tickets under a policy, 1 breached → 66.67 %; resolution hours 2 and 10.
    expect(table.rows).toEqual([
      { dimensions: ['high'], values: [3, 66.67, 2, 10] },
      { dimensions: ['low'], values: [1, null, null, null] },
    ]);
    expect(table.totals).toEqual([4, 66.67, 2, 10]);
  });

  it('bands the backlog by age at the report instant', () => {
    const table = run(
      { dataset: 'tickets', dimensions: ['backlogAge'], measures: ['tickets'] },
      tickets,
    );
    expect(table.rows).toEqual([
      { dimensions: ['0-1d'], values: [1] },
      { dimensions: ['7-30d'], values: [1] },
      { dimensions: ['done'], values: [2] },
    ]);
  });

  it('applies filters on derived values', () => {
    const table = run(
      {
        dataset: 'tickets',
        dimensions: [],
        measures: ['tickets'],
        filters: [{ dimension: 'backlogAge', values: ['7-30d', '30d+'] }],
      },
      tickets,
    );
    expect(table.totals).toEqual([1]);
  });

  it('as of an instant, an opportunity won later is still open', () => {
    const opp = (id: string, status: string, closedAt?: string) => ({
      _id: id,
      status,
      stageId: 's',
      ownerId: 'u',
      openedAt: '2026-01-01T00:00:00Z',
      stageEnteredAt: '2026-01-01T00:00:00Z',
      ...(closedAt ? { closedAt } : {}),
    });
    const docs = [
      opp('1', 'won', '2026-02-01T00:00:00Z'),
      opp('2', 'won', '2026-04-01T00:00:00Z'),
      opp('3', 'lost', '2026-02-15T00:00:00Z'),
    ];
    const definition: ReportDefinition = {
      dataset: 'opportunities',
      dimensions: ['status'],
      measures: ['opportunities', 'won'],
    };
    expect(run(definition, docs).rows.map((r) => [r.dimensions[0], r.values[0]])).toEqual([
      ['lost', 1],
      ['won', 2],
    ]);
    const asOfMarch = run({ ...definition, asOf: '2026-03-01T00:00:00Z' }, docs);
    expect(asOfMarch.rows.map((r) => [r.dimensions[0], r.values[0]])).toEqual([
      ['lost', 1],
      ['open', 1],
      ['won', 1],
    ]);
    expect(asOfMarch.totals[1]).toBe(50);
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, null],
    [[5], 90, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 1, 3, 2], 90, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('%j p%d = %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('sums over documents with missing counters', () => {
  it('counts a missing counter as 0 (a member with no reservation yet)', () => {
    const table = run(
      {
        dataset: 'loyaltyMembers',
        dimensions: [],
        measures: ['members', 'liabilityPoints', 'earnedPoints'],
      },
      [
        { _id: 'm1', tier: 'gold', availablePoints: 100, earnedPoints: 100 },
        { _id: 'm2', availablePoints: 50, reservedPoints: 30 },
      ],
    );
    expect(table.totals).toEqual([2, 180, 100]);
  });
});
