// Everything the aggregate holds about a person, as a plain JSON-ready document (GDPR Art. 15/20).
// The service adds envelope facts (event list, times) that the aggregate does not see.
import { survivorOf, type CustomerState } from './customer.state';

export interface PersonalDataDocument {
  readonly customerId: string;
  readonly kind: 'person' | 'company';
  readonly status: string;
  readonly mergedInto?: string;
  readonly mergedFrom: readonly string[];
  readonly profile: Readonly<Record<string, unknown>>;
  readonly contacts: readonly unknown[];
  readonly demographics: Readonly<Record<string, unknown>>;
  readonly channels: readonly unknown[];
  readonly tags: readonly unknown[];
  readonly owner: { readonly ownerUserId: string | null; readonly teamId: string | null };
  readonly customFields: Readonly<Record<string, unknown>>;
  readonly consents: Readonly<Record<string, unknown>>;
  readonly interactions: readonly unknown[];
  readonly purchases: readonly unknown[];
}

export function personalDataDocument(state: CustomerState): PersonalDataDocument | undefined {
  if (state.stage === 'unregistered') return undefined;
  const lifecycle = state.lifecycle;
  const mergedInto = survivorOf(lifecycle);
  return {
    customerId: state.customerId,
    kind: state.kind,
    status: lifecycle.status,
    ...(mergedInto ? { mergedInto } : {}),
    mergedFrom: state.mergedFrom,
    profile: {
      ...(state.person
        ? { firstName: state.person.firstName, lastName: state.person.lastName }
        : {}),
      ...(state.company ? { company: state.company } : {}),
      ...(state.nationalId !== undefined ? { nationalId: state.nationalId } : {}),
      ...(state.bankCard ? { bankCardNumber: state.bankCard.number } : {}),
    },
    contacts: state.contacts.map((c) => ({
      contactId: c.contactId,
      kind: c.kind,
      value: c.value,
      label: c.label,
      primary: c.primary,
    })),
    demographics: { ...state.demographics },
    channels: state.channels,
    tags: state.tags,
    owner: { ownerUserId: state.ownerUserId, teamId: state.teamId },
    customFields: { ...state.customFields },
    consents: { ...state.consents },
    interactions: state.interactions,
    purchases: state.purchases,
  };
}
