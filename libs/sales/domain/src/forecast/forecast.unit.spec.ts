import { forecastLines, forecastPeriod, type ForecastOpportunity } from './forecast';

const Q1 = forecastPeriod('2027-Q1')!;
const opp = (over: Partial<ForecastOpportunity>): ForecastOpportunity => ({
  ownerId: 'rep-1',
  teamId: 'team-a',
  amount: '1000.00',
  currency: 'EUR',
  probability: 50,
  forecastCategory: 'best_case',
  status: 'open',
  expectedCloseOn: '2027-02-15',
  ...over,
});

describe('forecast', () => {
  it('names quarters and months as [from, to) dates and refuses anything else', () => {
    expect(Q1).toEqual({ name: '2027-Q1', from: '2027-01-01', to: '2027-04-01' });
    expect(forecastPeriod('2027-Q4')?.to).toBe('2028-01-01');
    expect(forecastPeriod('2027-12')).toEqual({
      name: '2027-12',
      from: '2027-12-01',
      to: '2028-01-01',
    });
    for (const bad of ['2027-Q5', '2027-13', 'Q1', '']) expect(forecastPeriod(bad)).toBeUndefined();
  });

  it('weights open deals closing in the period by probability, by category, beside what was won', () => {
    const lines = forecastLines(
      [
        opp({}),
        opp({ amount: '333.33', probability: 75, forecastCategory: 'commit' }),
        opp({ expectedCloseOn: '2027-04-01' }), // next quarter
        opp({ status: 'won', amount: '500.00', closedAt: '2027-03-31T23:00:00.000Z' }),
        opp({ status: 'won', amount: '900.00', closedAt: '2026-12-31T10:00:00.000Z' }), // before
        opp({ status: 'lost', closedAt: '2027-02-01T10:00:00.000Z' }),
        opp({
          ownerId: 'rep-2',
          currency: 'USD',
          amount: '10.00',
          probability: 10,
          forecastCategory: 'pipeline',
        }),
      ],
      Q1,
    );
    expect(lines).toEqual([
      {
        ownerId: 'rep-1',
        teamId: 'team-a',
        currency: 'EUR',
        openCount: 2,
        pipelineMinor: 133_333,
        // 50 % of 1000.00 + 75 % of 333.33 (24 999.75 → 25 000 minor units)
        weightedMinor: 50_000 + 25_000,
        bestCaseMinor: 133_333,
        commitMinor: 33_333,
        wonCount: 1,
        wonMinor: 50_000,
      },
      {
        ownerId: 'rep-2',
        teamId: 'team-a',
        currency: 'USD',
        openCount: 1,
        pipelineMinor: 1_000,
        weightedMinor: 100,
        bestCaseMinor: 0,
        commitMinor: 0,
        wonCount: 0,
        wonMinor: 0,
      },
    ]);
  });
});
