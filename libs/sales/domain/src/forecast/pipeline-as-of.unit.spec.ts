import fc from 'fast-check';
import { forecastLines, forecastPeriod } from './forecast';
import {
  PipelineAsOfFold,
  quotaAttainmentPercent,
  type PipelineAsOfEvent,
  type PipelineAsOfSnapshot,
} from './pipeline-as-of';

const opened = (id: string, at: string): PipelineAsOfEvent => ({
  type: 'sales.OpportunityOpened',
  data: {
    opportunityId: id,
    name: `Deal ${id}`,
    customerId: 'cust-1',
    pipelineId: 'default',
    stageId: 'proposal',
    probability: 50,
    forecastCategory: 'best_case',
    amount: '1000.00',
    currency: 'EUR',
    expectedCloseOn: '2027-03-20',
    ownerId: 'rep-1',
    teamId: 'team-a',
    openedAt: at,
  },
});

/** Replays the events up to `asOf` (inclusive), as the service does from the log. */
function asOf(events: readonly [string, PipelineAsOfEvent][], instant: string) {
  const fold = new PipelineAsOfFold();
  for (const [at, event] of events) if (at <= instant) fold.apply(event);
  return fold.result();
}

describe('pipeline and forecast as of a past instant', () => {
  const log: [string, PipelineAsOfEvent][] = [
    ['2027-01-05T00:00:00.000Z', opened('o1', '2027-01-05T00:00:00.000Z')],
    ['2027-01-06T00:00:00.000Z', opened('o2', '2027-01-06T00:00:00.000Z')],
    [
      '2027-02-01T00:00:00.000Z',
      {
        type: 'sales.QuotaSet',
        data: {
          quotaId: 'q-rep-1',
          period: '2027-Q1',
          ownerId: 'rep-1',
          teamId: 'team-a',
          currency: 'EUR',
          amount: '4000.00',
          setBy: 'mgr-1',
          setAt: '2027-02-01T00:00:00.000Z',
        },
      },
    ],
    [
      '2027-02-20T00:00:00.000Z',
      {
        type: 'sales.OpportunityStageChanged',
        data: {
          opportunityId: 'o1',
          fromStageId: 'proposal',
          stageId: 'negotiation',
          probability: 75,
          forecastCategory: 'commit',
          msInPreviousStage: 1,
          changedAt: '2027-02-20T00:00:00.000Z',
        },
      },
    ],
    [
      '2027-02-25T00:00:00.000Z',
      {
        type: 'sales.OpportunityWon',
        data: {
          opportunityId: 'o2',
          customerId: 'cust-1',
          fromStageId: 'proposal',
          amount: '1000.00',
          currency: 'EUR',
          wonAt: '2027-02-25T00:00:00.000Z',
        },
      },
    ],
    [
      '2027-03-10T00:00:00.000Z',
      {
        type: 'sales.OpportunityLost',
        data: {
          opportunityId: 'o1',
          fromStageId: 'negotiation',
          reason: 'Budget cut',
          lostAt: '2027-03-10T00:00:00.000Z',
        },
      },
    ],
  ];
  const q1 = forecastPeriod('2027-Q1')!;

  it('answers what was committed on 1 March although the deal was lost since', () => {
    const march1 = asOf(log, '2027-03-01T00:00:00.000Z');
    expect(forecastLines(march1.opportunities, q1)).toEqual([
      expect.objectContaining({
        ownerId: 'rep-1',
        openCount: 1,
        commitMinor: 100_000,
        weightedMinor: 75_000,
        wonCount: 1,
        wonMinor: 100_000,
      }),
    ]);
    expect(march1.quotas).toEqual([
      expect.objectContaining({ ownerId: 'rep-1', amount: '4000.00' }),
    ]);

    const today = asOf(log, '2027-03-31T00:00:00.000Z');
    expect(forecastLines(today.opportunities, q1)).toEqual([
      expect.objectContaining({ openCount: 0, commitMinor: 0, wonMinor: 100_000 }),
    ]);
  });

  it('knows no quota and no deal before they existed', () => {
    const january = asOf(log, '2027-01-05T12:00:00.000Z');
    expect(january.quotas).toEqual([]);
    expect(january.opportunities.map((o) => [o.opportunityId, o.stageId])).toEqual([
      ['o1', 'proposal'],
    ]);
  });

  it('states attainment as won over quota, in whole percent', () => {
    expect(quotaAttainmentPercent(100_000, 400_000)).toBe(25);
    expect(quotaAttainmentPercent(100_000, null)).toBeNull();
    expect(quotaAttainmentPercent(500_000, 400_000)).toBe(125);
  });

  it('goes on from a stored snapshot to the same pipeline as the full replay, wherever it was cut', () => {
    const events = log.map(([, event]) => event);
    const extra: PipelineAsOfEvent[] = [
      {
        type: 'sales.ForecastSubmitted',
        data: {
          forecastId: 'f1',
          period: '2027-Q1',
          ownerId: 'rep-1',
          teamId: 'team-a',
          currency: 'EUR',
          amount: '900.00',
          submittedAt: '2027-03-11T00:00:00.000Z',
        },
      },
      {
        type: 'sales.ForecastAdjusted',
        data: {
          forecastId: 'f1',
          amount: '800.00',
          note: 'haircut',
          adjustedBy: 'mgr-1',
          adjustedAt: '2027-03-12T00:00:00.000Z',
        },
      },
    ];
    const all = [...events, ...extra];
    const full = new PipelineAsOfFold();
    for (const event of all) full.apply(event);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length }), (cut) => {
        const head = new PipelineAsOfFold();
        for (const event of all.slice(0, cut)) head.apply(event);
        // Stored as JSON in PostgreSQL and read back.
        const stored = JSON.parse(JSON.stringify(head.snapshot())) as PipelineAsOfSnapshot;
        const resumed = PipelineAsOfFold.fromSnapshot(stored);
        for (const event of all.slice(cut)) resumed.apply(event);
        expect(resumed.result()).toEqual(full.result());
      }),
    );
  });
});
