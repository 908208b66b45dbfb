// A customer's marketing subscription (stream `marketing.Subscription-<customerId>`): an
// unsubscribe from the link in a mail. Checked at send time beside the customer's consent.
import type { Decider, DomainEvent } from '@crm/event-sourcing';

export type CustomerUnsubscribed = DomainEvent<
  'marketing.CustomerUnsubscribed',
  {
    readonly customerId: string;
    readonly channel: 'email';
    /** The campaign whose link was used. */
    readonly campaignId?: string;
    readonly unsubscribedAt: string;
  }
>;
export type SubscriptionEvent = CustomerUnsubscribed;

export type Unsubscribe = {
  readonly type: 'Unsubscribe';
  readonly data: {
    readonly customerId: string;
    readonly campaignId?: string;
    readonly now: string;
  };
};
export type SubscriptionCommand = Unsubscribe;

export type SubscriptionState = { readonly unsubscribed: boolean };

export const subscriptionDecider: Decider<
  SubscriptionState,
  SubscriptionCommand,
  SubscriptionEvent
> = {
  // Unsubscribing twice (the link clicked again) changes nothing.
  decide: ({ data: { customerId, campaignId, now } }, state) =>
    state.unsubscribed
      ? []
      : [
          {
            type: 'marketing.CustomerUnsubscribed',
            data: {
              customerId,
              channel: 'email',
              ...(campaignId === undefined ? {} : { campaignId }),
              unsubscribedAt: now,
            },
          },
        ],
  evolve: () => ({ unsubscribed: true }),
  initialState: { unsubscribed: false },
};
