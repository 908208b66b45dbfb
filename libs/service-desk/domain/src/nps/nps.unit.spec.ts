// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { SurveyAlreadyAnsweredError, SurveyInvalidError } from '../errors';
import { npsCategory, npsDecider, type NpsEvent } from './nps';

const spec = deciderSpec(npsDecider);
const customerId = 'c-1';
const JAN = '2027-01-04T09:00:00.000Z';
const sent = (at: string): NpsEvent => ({
  type: 'service-desk.NpsSurveySent',
  data: { customerId, at, surveyId: at, email: 'ada@example.com', dataSubjectId: customerId },
});
const send = (at: string) => ({
  type: 'SendNpsSurvey' as const,
  data: { customerId, at, email: 'ada@example.com', cadenceDays: 90 },
});

describe('NPS cadence', () => {
  it('asks a customer never asked, then not again within the cadence, then again after it', () => {
    spec
      .given([])
      .when(send(JAN))
      .then([sent(JAN)]);
    spec
      .given([sent(JAN)])
      .when(send('2027-04-03T09:00:00.000Z'))
      .then([]);
    spec
      .given([sent(JAN)])
      .when(send('2027-04-04T09:00:00.000Z'))
      .then([sent('2027-04-04T09:00:00.000Z')]);
  });
});

describe('NPS answers', () => {
  const answer = (score: number, surveyId = JAN) => ({
    type: 'AnswerNpsSurvey' as const,
    data: { customerId, at: '2027-01-05T09:00:00.000Z', surveyId, score },
  });

  it('records one answer per survey; the same again is nothing, another is refused', () => {
    const answered: NpsEvent = {
      type: 'service-desk.NpsAnswered',
      data: {
        customerId,
        at: '2027-01-05T09:00:00.000Z',
        surveyId: JAN,
        score: 9,
        dataSubjectId: customerId,
      },
    };
    spec
      .given([sent(JAN)])
      .when(answer(9))
      .then([answered]);
    spec
      .given([sent(JAN), answered])
      .when(answer(9))
      .then([]);
    spec
      .given([sent(JAN), answered])
      .when(answer(3))
      .thenThrows(SurveyAlreadyAnsweredError);
    spec
      .given([sent(JAN)])
      .when(answer(9, '2027-02-01T00:00:00.000Z'))
      .thenThrows(SurveyInvalidError);
  });

  it('categorises promoters, passives and detractors', () => {
    expect([10, 9, 8, 7, 6, 0].map(npsCategory)).toEqual([
      'promoter',
      'promoter',
      'passive',
      'passive',
      'detractor',
      'detractor',
    ]);
  });
});
