// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  CUSTOMER_ID,
  NOW,
  OTHER_ID,
  emailAdded,
  erased,
  mergedInto,
  registered,
} from '../testing/customer-fixtures';
import { consentDecision } from './consent-decision';
import type { CustomerEvent } from './customer.events';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);
const granted = (at = '2024-01-01T00:00:00.000Z'): CustomerEvent => ({
  type: 'customers.ConsentGranted',
  data: { customerId: CUSTOMER_ID, channel: 'email', source: 'web-form:newsletter', grantedAt: at },
});
const withdrawn = (at = '2024-03-01T00:00:00.000Z'): CustomerEvent => ({
  type: 'customers.ConsentWithdrawn',
  data: { customerId: CUSTOMER_ID, channel: 'email', source: 'unsubscribe-link', withdrawnAt: at },
});
const state = (events: CustomerEvent[]) =>
  events.reduce(customerDecider.evolve, customerDecider.initialState);

describe('GrantConsent / WithdrawConsent', () => {
  it('grants consent with source and time', () => {
    spec
      .given([registered()])
      .when({
        type: 'GrantConsent',
        data: {
          customerId: CUSTOMER_ID,
          channel: 'email',
          source: 'web-form:newsletter',
          at: '2024-01-01T00:00:00.000Z',
          now: NOW,
        },
      })
      .then([granted()]);
  });

  it('withdraws consent at the decision time', () => {
    spec
      .given([registered(), granted()])
      .when({
        type: 'WithdrawConsent',
        data: { customerId: CUSTOMER_ID, channel: 'email', source: 'unsubscribe-link', now: NOW },
      })
      .then([withdrawn(NOW)]);
  });

  it('ignores a repeated grant and an older statement than the one on record', () => {
    spec
      .given([registered(), granted()])
      .when({
        type: 'GrantConsent',
        data: { customerId: CUSTOMER_ID, channel: 'email', source: 'import', now: NOW },
      })
      .thenNothingHappened();
    spec
      .given([registered(), granted(), withdrawn()])
      .when({
        type: 'GrantConsent',
        data: {
          customerId: CUSTOMER_ID,
          channel: 'email',
          source: 'old-import',
          at: '2023-01-01T00:00:00.000Z',
          now: NOW,
        },
      })
      .thenNothingHappened();
  });
  // Channel, source and time are cleaned by the parser (customer-command.parsers.unit.spec.ts).
});

describe('consentDecision (CheckConsent)', () => {
  it('allows email marketing only with a standing grant and an email address', () => {
    expect(consentDecision(state([registered(), granted()]), 'email')).toEqual({
      allowed: false,
      reason: 'no_contact_point',
      since: '2024-01-01T00:00:00.000Z',
      source: 'web-form:newsletter',
    });
    expect(
      consentDecision(state([registered(), emailAdded('a@example.com'), granted()]), 'email'),
    ).toMatchObject({ allowed: true, reason: 'granted' });
  });

  it('says no after withdrawal, without consent, and for closed or unknown customers', () => {
    expect(
      consentDecision(
        state([registered(), emailAdded('a@example.com'), granted(), withdrawn()]),
        'email',
      ),
    ).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(consentDecision(state([registered()]), 'sms')).toEqual({
      allowed: false,
      reason: 'never_granted',
    });
    expect(consentDecision(state([registered(), granted(), erased()]), 'email')).toEqual({
      allowed: false,
      reason: 'customer_erased',
    });
    expect(
      consentDecision(state([registered(), granted(), mergedInto(OTHER_ID)]), 'email'),
    ).toEqual({
      allowed: false,
      reason: 'customer_merged',
      mergedIntoCustomerId: OTHER_ID,
    });
    expect(consentDecision(state([]), 'email')).toEqual({
      allowed: false,
      reason: 'customer_not_found',
    });
  });
});
