import { liabilityAsOf } from './loyalty-read-model.queries';

describe('liabilityAsOf', () => {
  const daily = {
    '2026-01-15': { outstanding: 100 },
    '2026-01-31': { outstanding: -20, debt: 5 },
    '2026-04-02': { outstanding: 50, debt: -5 },
    '2026-04-20': { outstanding: -30 },
  };

  it('sums the days up to the given day and closes every month on its last day', () => {
    expect(liabilityAsOf(daily, '2026-04-10')).toEqual({
      asOf: '2026-04-10',
      outstandingPoints: 130,
      debtPoints: 0,
      monthEnds: [
        { month: '2026-01', day: '2026-01-31', outstandingPoints: 80, debtPoints: 5 },
        // Months without activity carry the balance into their end.
        { month: '2026-02', day: '2026-02-28', outstandingPoints: 80, debtPoints: 5 },
        { month: '2026-03', day: '2026-03-31', outstandingPoints: 80, debtPoints: 5 },
        { month: '2026-04', day: '2026-04-10', outstandingPoints: 130, debtPoints: 0 },
      ],
    });
  });

  it('counts a day in full (as of its end) and ignores later days', () => {
    expect(liabilityAsOf(daily, '2026-01-15')).toMatchObject({
      outstandingPoints: 100,
      monthEnds: [{ month: '2026-01', day: '2026-01-15', outstandingPoints: 100 }],
    });
    expect(liabilityAsOf(daily, '2025-12-31')).toEqual({
      asOf: '2025-12-31',
      outstandingPoints: 0,
      debtPoints: 0,
      monthEnds: [],
    });
  });

  it('crosses a year end', () => {
    const view = liabilityAsOf({ '2025-12-30': { outstanding: 7 } }, '2026-01-01');
    expect(view.monthEnds.map((m) => m.day)).toEqual(['2025-12-31', '2026-01-01']);
  });
});
