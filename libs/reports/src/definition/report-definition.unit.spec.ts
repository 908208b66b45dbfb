// Report definitions are validated against the declared datasets before anything is read: unknown
// names, operator-looking values, undated dimensions with asOf and malformed instants are refused.
import { DATASETS } from '../datasets/catalogue';
import { reportPipeline } from '../engine/report-pipeline';
import {
  InvalidReportError,
  periodOf,
  validateReport,
  type ReportDefinition,
} from './report-definition';

const NOW = new Date('2026-06-30T12:00:00Z');
const valid = (d: Partial<ReportDefinition>) =>
  validateReport(
    { dataset: 'customers', dimensions: [], measures: ['customers'], ...d },
    DATASETS,
    NOW,
  );

function refusal(d: Partial<ReportDefinition>): string {
  try {
    valid(d);
  } catch (error) {
    if (error instanceof InvalidReportError) return error.field;
    throw error;
  }
  throw new Error('accepted');
}

describe('validateReport', () => {
  it('accepts declared dimensions, measures and filters', () => {
    const report = valid({
      dimensions: ['region', 'period'],
      timeGrain: 'month',
      filters: [{ dimension: 'kind', values: ['person'] }],
    });
    expect(report.dimensions).toEqual(['region', 'period']);
    expect(report.filters[0]!.values.has('person')).toBe(true);
  });

  it.each([
    [{ dataset: 'users' }, 'dataset'],
    [{ dataset: '__proto__' }, 'dataset'],
    [{ dimensions: ['ownerUserId'] }, 'dimensions[0]'],
    [{ dimensions: ['$where'] }, 'dimensions[0]'],
    [{ measures: [] }, 'measures'],
    [{ measures: ['customers', 'customers'] }, 'measures'],
    [{ measures: ['constructor'] }, 'measures[0]'],
    [{ filters: [{ dimension: 'region', values: [{ $ne: null }] as never }] }, 'filters[0].values'],
    [{ filters: [{ dimension: 'region', values: [] }] }, 'filters[0].values'],
    [{ dimensions: ['period'] }, 'timeGrain'],
    [{ dimensions: ['period'], timeGrain: 'week' as never }, 'timeGrain'],
    [{ from: '2026-01-01' }, 'from'],
    [{ from: { $gt: '' } as never }, 'from'],
    [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to'],
    [{ asOf: '2027-01-01T00:00:00Z' }, 'asOf'],
    [{ asOf: '2026-01-01T00:00:00Z', dimensions: ['region'] }, 'asOf'],
    [
      { asOf: '2026-01-01T00:00:00Z', filters: [{ dimension: 'region', values: ['north'] }] },
      'asOf',
    ],
    // Campaigns answer asOf, but their status is not dated.
    [
      {
        dataset: 'campaigns',
        dimensions: ['status'],
        measures: ['campaigns'],
        asOf: '2026-01-01T00:00:00Z',
      },
      'asOf',
    ],
    [
      {
        dataset: 'opportunities',
        dimensions: ['forecastCategory'],
        measures: ['opportunities'],
        asOf: '2026-01-01T00:00:00Z',
      },
      'asOf',
    ],
  ])('refuses %j (field %s)', (definition, field) => {
    expect(refusal(definition as Partial<ReportDefinition>)).toBe(field);
  });

  it('compiles only declared fields and parsed instants into the aggregation', () => {
    const report = valid({
      dimensions: ['acquisitionChannel'],
      from: '2026-01-01T00:00:00Z',
      asOf: '2026-03-01T00:00:00Z',
    });
    const pipeline = reportPipeline(report, { tenantId: 't1' });
    expect(pipeline).toEqual([
      {
        $match: {
          $and: [
            { tenantId: 't1' },
            { createdAt: { $gte: '2026-01-01T00:00:00.000Z', $lte: '2026-03-01T00:00:00.000Z' } },
          ],
        },
      },
      { $project: expect.objectContaining({ _id: 1, createdAt: 1, channels: 1 }) },
    ]);
  });

  it('keeps merged and erased customers out of current reports', () => {
    const pipeline = reportPipeline(valid({}), { tenantId: 't1' });
    expect(pipeline[0]).toEqual({
      $match: { $and: [{ tenantId: 't1' }, { status: { $nin: ['merged', 'erased'] } }] },
    });
  });
});

describe('periodOf', () => {
  it.each([
    ['day', '2026-03-05'],
    ['month', '2026-03'],
    ['quarter', '2026-Q1'],
    ['year', '2026'],
  ] as const)('%s', (grain, expected) => {
    expect(periodOf('2026-03-05T10:00:00.000Z', grain)).toBe(expected);
  });
  it('puts October in Q4', () =>
    expect(periodOf('2026-10-01T00:00:00Z', 'quarter')).toBe('2026-Q4'));
});
