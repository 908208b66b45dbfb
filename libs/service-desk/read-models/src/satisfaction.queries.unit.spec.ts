import { summariseCsat, summariseNps } from './satisfaction.queries';

const answers = [
  { score: 5, agentId: 'ada', teamId: 'desk-a' },
  { score: 4, agentId: 'ada', teamId: 'desk-a' },
  { score: 2, agentId: 'bob', teamId: 'desk-a' },
  { score: 5, agentId: 'bob', teamId: 'desk-a' },
  { score: 1, teamId: 'desk-b' },
];

describe('CSAT results', () => {
  it('per agent: answers, average and share of 4-5 scores, best first', () => {
    expect(summariseCsat(answers, 'agent')).toEqual([
      { key: 'ada', answers: 2, averageScore: 4.5, satisfiedShare: 1 },
      { key: 'bob', answers: 2, averageScore: 3.5, satisfiedShare: 0.5 },
      { key: null, answers: 1, averageScore: 1, satisfiedShare: 0 },
    ]);
  });

  it('per team', () => {
    expect(summariseCsat(answers, 'team')).toEqual([
      { key: 'desk-a', answers: 4, averageScore: 4, satisfiedShare: 0.75 },
      { key: 'desk-b', answers: 1, averageScore: 1, satisfiedShare: 0 },
    ]);
  });
});

describe('NPS', () => {
  it('is the share of promoters minus the share of detractors, in points', () => {
    expect(summariseNps([10, 9, 8, 7, 6, 0, 10, 3])).toEqual({
      answers: 8,
      promoters: 3,
      passives: 2,
      detractors: 3,
      nps: 0,
    });
    expect(summariseNps([10, 9, 9])).toMatchObject({ nps: 100 });
    expect(summariseNps([9, 5, 8])).toMatchObject({ nps: 0 });
    expect(summariseNps([10, 10, 2])).toMatchObject({ nps: 33.3 });
    expect(summariseNps([])).toMatchObject({ answers: 0, nps: null });
  });
});
