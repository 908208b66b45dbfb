// Unsubscribing is idempotent: the link clicked again changes nothing; so is suppressing an
// address after a hard bounce, per address.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { subscriptionDecider } from './subscription.decider';

describe('the Subscription aggregate', () => {
  const spec = deciderSpec(subscriptionDecider);
  const unsubscribe = {
    type: 'Unsubscribe' as const,
    data: { customerId: 'anna', campaignId: 'spring', now: 'T' },
  };
  const unsubscribed = {
    type: 'marketing.CustomerUnsubscribed' as const,
    data: {
      customerId: 'anna',
      channel: 'email' as const,
      campaignId: 'spring',
      unsubscribedAt: 'T',
    },
  };

  it('records the unsubscribe once; the link clicked again changes nothing', () => {
    spec.given([]).when(unsubscribe).then([unsubscribed]);
    spec.given([unsubscribed]).when(unsubscribe).thenNothingHappened();
  });

  const suppress = (addressDigest: string, messageId = '<spring.anna@marketing.crm>') => ({
    type: 'SuppressAddress' as const,
    data: { customerId: 'anna', addressDigest, messageId, now: 'T' },
  });
  const suppressed = (addressDigest: string) => ({
    type: 'marketing.EmailAddressSuppressed' as const,
    data: {
      customerId: 'anna',
      addressDigest,
      reason: 'HARD_BOUNCE' as const,
      messageId: '<spring.anna@marketing.crm>',
      suppressedAt: 'T',
    },
  });

  it('suppresses an address once; another bounce of it changes nothing, a new address is its own', () => {
    spec
      .given([])
      .when(suppress('d1'))
      .then([suppressed('d1')]);
    spec
      .given([suppressed('d1')])
      .when(suppress('d1', '<autumn.anna@marketing.crm>'))
      .thenNothingHappened();
    spec
      .given([suppressed('d1')])
      .when(suppress('d2'))
      .then([suppressed('d2')]);
    spec
      .given([unsubscribed])
      .when(suppress('d1'))
      .then([suppressed('d1')]);
  });
});
