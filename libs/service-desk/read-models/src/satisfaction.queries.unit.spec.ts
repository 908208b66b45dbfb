import { summariseCsat } from './satisfaction.queries';

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
