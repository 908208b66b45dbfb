import { isForecastPeriod, quarterOf } from './forecast-period';

describe('forecast period', () => {
  it('names the quarter of a date', () => {
    expect(quarterOf(new Date('2027-03-31T23:59:59Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-11-30T10:00:00Z'))).toBe('2026-Q4');
  });

  it('accepts quarters and months only', () => {
    expect(['2027-Q1', '2027-03', '2027-12'].every(isForecastPeriod)).toBe(true);
    expect(['2027-Q5', '2027-13', '2027', 'Q1-2027'].some(isForecastPeriod)).toBe(false);
  });
});
