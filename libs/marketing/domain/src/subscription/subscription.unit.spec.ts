// Unsubscribing is idempotent: the link clicked again changes nothing.
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
});
