// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidTransitionError, OrderMismatchError } from '../errors';
import { forecastDecider, type ForecastEvent } from './forecast-submission.decider';
import { quotaDecider, type QuotaSet, type SetQuota } from './quota.decider';

const T0 = '2027-01-04T09:00:00.000Z';
const T1 = '2027-01-11T09:00:00.000Z';
const spec = deciderSpec(forecastDecider);
const submit = (amountMinor: number, now: string, currency = 'EUR') =>
  ({
    type: 'SubmitForecast',
    data: {
      forecastId: 'f',
      period: '2027-Q1',
      ownerId: 'rep-1',
      teamId: 'team-a',
      currency,
      amountMinor,
      now,
    },
  }) as const;
const submitted = (amount: string, at: string): ForecastEvent => ({
  type: 'sales.ForecastSubmitted',
  data: {
    forecastId: 'f',
    period: '2027-Q1',
    ownerId: 'rep-1',
    teamId: 'team-a',
    currency: 'EUR',
    amount,
    submittedAt: at,
  },
});
const adjust = (currency = 'EUR') =>
  ({
    type: 'AdjustForecast',
    data: {
      forecastId: 'f',
      currency,
      amountMinor: 90_000,
      note: 'Turing slips',
      adjustedBy: 'mgr-1',
      now: T1,
    },
  }) as const;

describe('Forecast submissions', () => {
  it('keeps every weekly submission as history', () => {
    spec
      .given([])
      .when(submit(100_000, T0))
      .then([submitted('1000.00', T0)]);
    spec
      .given([submitted('1000.00', T0)])
      .when(submit(120_000, T1))
      .then([submitted('1200.00', T1)]);
    spec
      .given([submitted('1000.00', T0)])
      .when(submit(1, T1, 'USD'))
      .thenThrows(OrderMismatchError);
  });

  it('is adjusted by a manager with a note, once submitted, in its currency', () => {
    spec
      .given([submitted('1000.00', T0)])
      .when(adjust())
      .then([
        {
          type: 'sales.ForecastAdjusted',
          data: {
            forecastId: 'f',
            amount: '900.00',
            note: 'Turing slips',
            adjustedBy: 'mgr-1',
            adjustedAt: T1,
          },
        },
      ]);
    spec.given([]).when(adjust()).thenThrows(InvalidTransitionError);
    spec
      .given([submitted('1000.00', T0)])
      .when(adjust('USD'))
      .thenThrows(OrderMismatchError);
  });
});

describe('Quota', () => {
  const spec = deciderSpec(quotaDecider);
  const set = (amountMinor: number, currency = 'EUR'): SetQuota => ({
    type: 'SetQuota',
    data: {
      quotaId: 'quota-1',
      period: '2027-Q1',
      ownerId: 'rep-1',
      teamId: 'team-a',
      currency,
      amountMinor,
      setBy: 'mgr-1',
      now: '2027-01-02T00:00:00.000Z',
    },
  });
  const quotaSet = (amount: string): QuotaSet => ({
    type: 'sales.QuotaSet',
    data: {
      quotaId: 'quota-1',
      period: '2027-Q1',
      ownerId: 'rep-1',
      teamId: 'team-a',
      currency: 'EUR',
      amount,
      setBy: 'mgr-1',
      setAt: '2027-01-02T00:00:00.000Z',
    },
  });

  it('is set, changed, and the same value again changes nothing', () => {
    spec
      .given([])
      .when(set(400_000))
      .then([quotaSet('4000.00')]);
    spec
      .given([quotaSet('4000.00')])
      .when(set(500_000))
      .then([quotaSet('5000.00')]);
    spec
      .given([quotaSet('4000.00')])
      .when(set(400_000))
      .then([]);
  });

  it('keeps its currency', () => {
    spec
      .given([quotaSet('4000.00')])
      .when(set(400_000, 'USD'))
      .thenThrows(OrderMismatchError);
  });
});
