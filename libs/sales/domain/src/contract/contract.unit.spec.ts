// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidTransitionError, RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import {
  contractDecider,
  contractRenewalDueAt,
  type ContractCommand,
  type ContractEvent,
} from './contract';

const C = 'contract-1';
const T0 = '2027-01-01T00:00:00.000Z';
const END = '2028-01-01T00:00:00.000Z';
const spec = deciderSpec(contractDecider);

const start: ContractCommand = {
  type: 'StartContract',
  data: {
    contractId: C,
    quoteId: 'q-1',
    opportunityId: 'opp-1',
    customerId: 'cust-1',
    currency: 'EUR',
    amountMinor: 1_200_000,
    ownerId: 'rep-1',
    teamId: 'team-a',
    startsAt: T0,
    endsAt: END,
    renewalNoticeDays: 30,
    now: T0,
  },
};
const started: ContractEvent = {
  type: 'sales.ContractStarted',
  data: {
    contractId: C,
    quoteId: 'q-1',
    opportunityId: 'opp-1',
    customerId: 'cust-1',
    currency: 'EUR',
    amount: '12000.00',
    ownerId: 'rep-1',
    teamId: 'team-a',
    startsAt: T0,
    endsAt: END,
    renewalNoticeDays: 30,
    startedAt: T0,
  },
};
const due = (now: string, endsAt = END): ContractCommand => ({
  type: 'MarkContractRenewalDue',
  data: { contractId: C, endsAt, renewalOpportunityId: 'renewal-1', now },
});
const renewalDue: ContractEvent = {
  type: 'sales.ContractRenewalDue',
  data: {
    contractId: C,
    endsAt: END,
    renewalOpportunityId: 'renewal-1',
    dueAt: '2027-12-02T00:00:00.000Z',
  },
};

describe('Contract', () => {
  it('starts with its term and amount', () => {
    spec.given([]).when(start).then([started]);
  });

  it('refuses a second start and a term that ends before it starts', () => {
    spec.given([started]).when(start).thenThrows(RecordAlreadyExistsError);
    spec
      .given([])
      .when({ ...start, data: { ...start.data, endsAt: T0 } })
      .thenThrows(InvalidTransitionError);
  });

  it('falls due for renewal N days before its end, once per term', () => {
    expect(contractRenewalDueAt(END, 30)).toBe('2027-12-02T00:00:00.000Z');
    spec.given([started]).when(due('2027-12-02T00:00:00.000Z')).then([renewalDue]);
    spec.given([started, renewalDue]).when(due('2027-12-02T00:00:05.000Z')).then([]);
  });

  it('renews to a later end, which makes the old term’s timers stale and a new renewal due', () => {
    const renewed: ContractEvent = {
      type: 'sales.ContractRenewed',
      data: {
        contractId: C,
        previousEndsAt: END,
        endsAt: '2029-01-01T00:00:00.000Z',
        renewalNoticeDays: 30,
        renewedAt: '2027-12-10T00:00:00.000Z',
      },
    };
    spec
      .given([started, renewalDue])
      .when({
        type: 'RenewContract',
        data: {
          contractId: C,
          endsAt: '2029-01-01T00:00:00.000Z',
          now: '2027-12-10T00:00:00.000Z',
        },
      })
      .then([renewed]);
    spec
      .given([started, renewalDue, renewed])
      .when({ type: 'ExpireContract', data: { contractId: C, endsAt: END, now: END } })
      .then([]);
    spec
      .given([started, renewalDue, renewed])
      .when({ ...due('2028-12-02T00:00:00.000Z', '2029-01-01T00:00:00.000Z') })
      .then([
        {
          type: 'sales.ContractRenewalDue',
          data: {
            contractId: C,
            endsAt: '2029-01-01T00:00:00.000Z',
            renewalOpportunityId: 'renewal-1',
            dueAt: '2028-12-02T00:00:00.000Z',
          },
        },
      ]);
    spec
      .given([started])
      .when({ type: 'RenewContract', data: { contractId: C, endsAt: T0, now: T0 } })
      .thenThrows(InvalidTransitionError);
  });

  it('expires at its end, not before', () => {
    spec
      .given([started])
      .when({ type: 'ExpireContract', data: { contractId: C, endsAt: END, now: T0 } })
      .then([]);
    spec
      .given([started])
      .when({ type: 'ExpireContract', data: { contractId: C, endsAt: END, now: END } })
      .then([
        { type: 'sales.ContractExpired', data: { contractId: C, endsAt: END, expiredAt: END } },
      ]);
  });

  it('is terminated with a reason, once; an ended contract is neither renewed nor terminated', () => {
    const terminated: ContractEvent = {
      type: 'sales.ContractTerminated',
      data: { contractId: C, reason: 'Customer went bankrupt', terminatedAt: T0 },
    };
    const terminate: ContractCommand = {
      type: 'TerminateContract',
      data: { contractId: C, reason: 'Customer went bankrupt', now: T0 },
    };
    spec.given([started]).when(terminate).then([terminated]);
    spec.given([started, terminated]).when(terminate).then([]);
    spec.given([]).when(terminate).thenThrows(RecordNotFoundError);
    const expired: ContractEvent = {
      type: 'sales.ContractExpired',
      data: { contractId: C, endsAt: END, expiredAt: END },
    };
    spec.given([started, expired]).when(terminate).thenThrows(InvalidTransitionError);
    spec
      .given([started, expired])
      .when({
        type: 'RenewContract',
        data: { contractId: C, endsAt: '2029-01-01T00:00:00.000Z', now: END },
      })
      .thenThrows(InvalidTransitionError);
  });
});
