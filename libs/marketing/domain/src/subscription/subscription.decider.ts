// A customer's marketing subscription (stream `marketing.Subscription-<customerId>`): an
// unsubscribe from the link in a mail, and the e-mail addresses suppressed after a hard bounce.
// Both are checked at send time beside the customer's consent. A suppressed address is named by a
// keyed digest (never the address), so a new address the customer gives is mailed again.
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

/** A hard bounce of a mail to the customer's address: that address is not mailed again. */
export type EmailAddressSuppressed = DomainEvent<
  'marketing.EmailAddressSuppressed',
  {
    readonly customerId: string;
    /** A keyed digest of the address (HMAC), never the address itself. */
    readonly addressDigest: string;
    readonly reason: 'HARD_BOUNCE';
    /** The Message-ID of the mail that bounced. */
    readonly messageId: string;
    readonly suppressedAt: string;
  }
>;
export type SubscriptionEvent = CustomerUnsubscribed | EmailAddressSuppressed;

export type Unsubscribe = {
  readonly type: 'Unsubscribe';
  readonly data: {
    readonly customerId: string;
    readonly campaignId?: string;
    readonly now: string;
  };
};
export type SuppressAddress = {
  readonly type: 'SuppressAddress';
  readonly data: {
    readonly customerId: string;
    readonly addressDigest: string;
    readonly messageId: string;
    readonly now: string;
  };
};
export type SubscriptionCommand = Unsubscribe | SuppressAddress;

export type SubscriptionState = {
  readonly unsubscribed: boolean;
  /** Digests of the customer's addresses that bounced hard. */
  readonly suppressed: ReadonlySet<string>;
};

function decide(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  switch (command.type) {
    case 'Unsubscribe': {
      // Unsubscribing twice (the link clicked again) changes nothing.
      const { customerId, campaignId, now } = command.data;
      if (state.unsubscribed) return [];
      return [
        {
          type: 'marketing.CustomerUnsubscribed',
          data: {
            customerId,
            channel: 'email',
            ...(campaignId === undefined ? {} : { campaignId }),
            unsubscribedAt: now,
          },
        },
      ];
    }
    case 'SuppressAddress': {
      // A second hard bounce of the same address (another mail, a redelivered report) changes nothing.
      const { customerId, addressDigest, messageId, now } = command.data;
      if (state.suppressed.has(addressDigest)) return [];
      return [
        {
          type: 'marketing.EmailAddressSuppressed',
          data: { customerId, addressDigest, reason: 'HARD_BOUNCE', messageId, suppressedAt: now },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown subscription command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  switch (event.type) {
    case 'marketing.CustomerUnsubscribed':
      return { ...state, unsubscribed: true };
    case 'marketing.EmailAddressSuppressed':
      return { ...state, suppressed: new Set(state.suppressed).add(event.data.addressDigest) };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown subscription event ${JSON.stringify(unknown)}`);
    }
  }
}

export const subscriptionDecider: Decider<
  SubscriptionState,
  SubscriptionCommand,
  SubscriptionEvent
> = { decide, evolve, initialState: { unsubscribed: false, suppressed: new Set() } };
