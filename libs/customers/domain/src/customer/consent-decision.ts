// The marketing question "may we contact this customer on this channel now?", answered from the
// aggregate's state alone. Conservative: anything but a standing grant with a usable contact is "no".
import type { CustomerState } from './customer.state';
import type { ConsentChannel } from './customer.types';

export type ConsentDecisionReason =
  | 'granted'
  | 'never_granted'
  | 'withdrawn'
  | 'no_contact_point'
  | 'customer_erased'
  | 'customer_merged'
  | 'customer_not_found';

export interface ConsentDecision {
  readonly allowed: boolean;
  readonly reason: ConsentDecisionReason;
  readonly since?: string;
  readonly source?: string;
  readonly mergedIntoCustomerId?: string;
}

const CONTACT_KIND_FOR: Readonly<Record<ConsentChannel, 'email' | 'phone' | undefined>> = {
  email: 'email',
  sms: 'phone',
  phone: 'phone',
  push: undefined, // push goes to a device token held by the app, not a contact of the customer
};

export function consentDecision(state: CustomerState, channel: ConsentChannel): ConsentDecision {
  if (state.stage === 'unregistered') return { allowed: false, reason: 'customer_not_found' };
  if (state.lifecycle.status === 'erased') return { allowed: false, reason: 'customer_erased' };
  if (state.lifecycle.status === 'merged') {
    return {
      allowed: false,
      reason: 'customer_merged',
      mergedIntoCustomerId: state.lifecycle.survivorCustomerId,
    };
  }
  const consent = state.consents[channel];
  if (!consent) return { allowed: false, reason: 'never_granted' };
  if (consent.status === 'withdrawn')
    return { allowed: false, reason: 'withdrawn', since: consent.at, source: consent.source };
  const needed = CONTACT_KIND_FOR[channel];
  if (needed && !state.contacts.some((c) => c.kind === needed)) {
    return {
      allowed: false,
      reason: 'no_contact_point',
      since: consent.at,
      source: consent.source,
    };
  }
  return { allowed: true, reason: 'granted', since: consent.at, source: consent.source };
}
