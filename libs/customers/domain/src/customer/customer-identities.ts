// The identifiers by which two records may be the same person: normalised emails, phones, the
// national id and channel external ids. Used by duplicate detection (lookup index) and the import.
import type { CustomerState } from './customer.state';

export type IdentityKind = 'email' | 'phone' | 'national_id' | 'external_id';

export interface CustomerIdentity {
  readonly kind: IdentityKind;
  /** Normalised value; external ids are prefixed with their channel (`online_store:4711`). */
  readonly value: string;
}

const ERASED = '[erased]';

/** Identities of an open customer; none for closed (merged or erased) ones or unreadable values. */
export function customerIdentities(state: CustomerState): CustomerIdentity[] {
  if (state.stage === 'unregistered') return [];
  if (state.lifecycle.status === 'erased' || state.lifecycle.status === 'merged') return [];
  const identities: CustomerIdentity[] = [];
  for (const contact of state.contacts) {
    if (contact.kind === 'address' || contact.value === ERASED) continue;
    identities.push({ kind: contact.kind, value: contact.value });
  }
  if (state.nationalId !== undefined && state.nationalId !== ERASED)
    identities.push({ kind: 'national_id', value: state.nationalId });
  for (const link of state.channels) {
    if (link.externalId !== undefined)
      identities.push({
        kind: 'external_id',
        value: externalIdentity(link.channel, link.externalId),
      });
  }
  return identities;
}

export function externalIdentity(channel: string, externalId: string): string {
  return `${channel}:${externalId}`;
}
