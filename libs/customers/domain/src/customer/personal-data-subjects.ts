// Whose personal data each item of a customer is, and which customers one merge links together.
// A merge copies the merged customer's personal data into the survivor's stream; each copy stays
// encrypted under the key of the data subject it came from (event field `dataSubjectId`), so
// shredding that subject's key shreds every copy, wherever merges carried it (ADR 0060).
import type { CustomerEvent } from './customer.events';
import { survivorOf, type RegisteredCustomer } from './customer.state';

/** Item keys of the personal data a merge can copy. */
export const subjectKey = {
  contact: (contactId: string) => `contact:${contactId}`,
  interaction: (interactionId: string) => `interaction:${interactionId}`,
  customField: (name: string) => `customField:${name}`,
  nationalId: 'nationalId',
  birthday: 'birthday',
} as const;

/** The data subject whose key encrypts an item: the recorded origin, else the customer itself. */
export function subjectOf(state: RegisteredCustomer, itemKey: string): string {
  return state.dataSubjects?.[itemKey] ?? state.customerId;
}

/** `{ dataSubjectId }` for an event field when `subjectId` is not the receiving customer itself. */
export function foreignSubject(
  customerId: string,
  subjectId: string,
): { readonly dataSubjectId?: string } {
  return subjectId === customerId ? {} : { dataSubjectId: subjectId };
}

/** The state's origin map after an event that (re)writes the items under `keys`. */
export function recordSubjects(
  state: RegisteredCustomer,
  keys: readonly string[],
  dataSubjectId: string | undefined,
): RegisteredCustomer {
  if (keys.length === 0 || (dataSubjectId === undefined && !state.dataSubjects)) return state;
  const subjects: Record<string, string> = { ...state.dataSubjects };
  for (const key of keys) {
    if (dataSubjectId === undefined) delete subjects[key];
    else subjects[key] = dataSubjectId;
  }
  const { dataSubjects: _old, ...rest } = state;
  return Object.keys(subjects).length > 0 ? { ...rest, dataSubjects: subjects } : rest;
}

/** Item keys an event writes personal data under (what `recordSubjects` tracks). */
export function personalItemKeys(event: CustomerEvent): string[] {
  // Only the events that can carry a merged copy; every other event writes no tracked item.
  if (event.type === 'customers.ContactAdded') return [subjectKey.contact(event.data.contactId)];
  if (event.type === 'customers.InteractionRecorded')
    return [subjectKey.interaction(event.data.interactionId)];
  if (event.type === 'customers.ProfileUpdated')
    return event.data.nationalId !== undefined ? [subjectKey.nationalId] : [];
  if (event.type === 'customers.DemographicsSet') return [subjectKey.birthday];
  if (event.type === 'customers.CustomFieldValuesSet')
    return Object.keys(event.data.values).map(subjectKey.customField);
  return [];
}

/**
 * The customers one customer is merged with, as far as its own state tells: the survivor it was
 * merged into (also after erasure) and the customers it absorbed. Following these links from any
 * id reaches the whole merge group (the application loads each linked customer in turn).
 */
export function mergeLinks(state: RegisteredCustomer): string[] {
  const survivor = survivorOf(state.lifecycle);
  return [...(survivor ? [survivor] : []), ...state.mergedFrom];
}
