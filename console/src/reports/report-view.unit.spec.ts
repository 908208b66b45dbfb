import { bytesOfBase64, chartOptionOf, definitionOfStandard, stalenessOf } from './report-view';

const result = {
  dimensions: [{ key: 'stage', label: 'Stage' }],
  measures: [
    { key: 'opportunities', label: 'Opportunities' },
    { key: 'won', label: 'Win rate' },
  ],
  rows: [
    { dimensions: ['new'], values: [3, null] },
    { dimensions: [''], values: [1, 0.5] },
  ],
  totals: [4, 0.5],
};

describe('report view', () => {
  it('charts one category per row and one series per measure, keeping gaps', () => {
    const option = chartOptionOf(result, 'Total');
    expect(option.xAxis).toMatchObject({ data: ['new', '—'] });
    expect(option.series).toEqual([
      expect.objectContaining({ name: 'Opportunities', data: [3, 1] }),
      expect.objectContaining({ name: 'Win rate', data: [null, 0.5] }),
    ]);
  });

  it('charts the totals of a report without dimensions', () => {
    const option = chartOptionOf({ ...result, dimensions: [], rows: [] }, 'Total');
    expect(option.xAxis).toMatchObject({ data: ['Total'] });
    expect(option.series).toEqual([
      expect.objectContaining({ data: [4] }),
      expect.objectContaining({ data: [0.5] }),
    ]);
  });

  it('rebuilds a standard report definition, with its filters and time grain', () => {
    expect(
      definitionOfStandard({
        dataset: 'opportunities',
        dimensions: ['stage'],
        measures: ['opportunities'],
        filters: [{ dimension: 'status', values: ['open'] }],
        timeGrain: null,
      }),
    ).toEqual({
      dataset: 'opportunities',
      dimensions: ['stage'],
      measures: ['opportunities'],
      filters: [{ dimension: 'status', values: ['open'] }],
    });
    expect(
      definitionOfStandard({
        dataset: 'customers',
        dimensions: ['period'],
        measures: ['customers'],
        filters: [],
        timeGrain: 'month',
      }).timeGrain,
    ).toBe('month');
  });

  it('tells current figures from figures behind the store', () => {
    expect(stalenessOf({ eventsBehind: 0 })).toEqual({ kind: 'current' });
    expect(stalenessOf({ eventsBehind: 12 })).toEqual({ kind: 'behind', events: 12 });
  });

  it('decodes an export file', () => {
    expect(Array.from(bytesOfBase64(btoa('a,b\n1,2')))).toEqual([...Buffer.from('a,b\n1,2')]);
  });
});
