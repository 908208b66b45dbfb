// The Customer aggregate's behaviour as a pure decider: decide(command, state) → events and
// evolve(state, event) → state. No clock, no I/O: decision times arrive inside the commands.
import type { Decider } from '@crm/event-sourcing';
import type { CustomFieldValue } from '../custom-fields/custom-field-definitions.types';
import { validateCustomFieldValues } from '../custom-fields/custom-field-values';
import {
  ContactNotFoundError,
  CustomerAlreadyExistsError,
  CustomerErasedError,
  CustomerMergedError,
  CustomerNotFoundError,
  CustomerValidationError,
  InvalidLifecycleTransitionError,
  MergeNotAllowedError,
  PurchaseNotFoundError,
  Violations,
  type FieldViolation,
} from '../errors';
import { defined, present } from '../values/defined';
import { formatMinor } from '../values/money';
import { LIMITS } from '../values/text';
import type {
  AbsorbMergedCustomer,
  AddContact,
  CancelPurchase,
  CustomerCommand,
  GrantConsent,
  ImportCustomer,
  RefundPurchase,
  RegisterCustomer,
  UpdateProfile,
  WithdrawConsent,
} from './customer.commands';
import type { ContactAdded, CustomerEvent, ProfileUpdated } from './customer.events';
import {
  countedMinor,
  initialCustomerState,
  isCancelled,
  type CustomerState,
  type Lifecycle,
  type RegisteredCustomer,
} from './customer.state';
import {
  foreignSubject,
  personalItemKeys,
  recordSubjects,
  subjectKey,
  subjectOf,
} from './personal-data-subjects';
import {
  foldRegistrationFacts,
  hasRegistrationFacts,
  registrationFacts,
} from './registration-facts';
import {
  CONSENT_CHANNELS,
  type ChannelLink,
  type ConsentChannel,
  type ContactKind,
  type Contact,
  type SettableStatus,
  type Tag,
} from './customer.types';
import { contactValueKey, type ValidContact } from './customer.validation';

/** Transitions a user may make between the settable statuses (same status = no-op). */
const TRANSITIONS: Readonly<Record<SettableStatus, readonly SettableStatus[]>> = {
  prospect: ['active', 'inactive'],
  active: ['inactive'],
  inactive: ['active'],
};

/** The event of `type`, typed by its data. */
function event<T extends CustomerEvent['type']>(
  type: T,
  data: Extract<CustomerEvent, { type: T }>['data'],
): Extract<CustomerEvent, { type: T }> {
  return { type, data } as Extract<CustomerEvent, { type: T }>;
}

/** The open customer the command targets, or the typed error explaining why there is none. */
function requireOpen(state: CustomerState, customerId: string): RegisteredCustomer {
  if (state.stage === 'unregistered') throw new CustomerNotFoundError(customerId);
  switch (state.lifecycle.status) {
    case 'merged':
      throw new CustomerMergedError(customerId, state.lifecycle.survivorCustomerId);
    case 'erased':
      throw new CustomerErasedError(customerId);
    case 'prospect':
    case 'active':
    case 'inactive':
      return state;
    default: {
      const unknown: never = state.lifecycle;
      return unknown;
    }
  }
}

function contactsOfKind(contacts: readonly Contact[], kind: ContactKind): Contact[] {
  return contacts.filter((c) => c.kind === kind);
}

/** Checks valid contacts of one request against each other and the customer's existing ones. */
function checkNewContacts(
  v: Violations,
  field: (i: number) => string,
  contacts: readonly (ValidContact | undefined)[],
  existing: readonly Contact[],
): ValidContact[] {
  const valid: ValidContact[] = [];
  const values = new Set(existing.map(contactValueKey));
  const ids = new Set(existing.map((c) => c.contactId));
  contacts.forEach((contact, i) => {
    if (!contact) return;
    const key = contactValueKey(contact);
    if (values.has(key)) {
      v.add(
        `${field(i)}.${contact.kind === 'address' ? 'address' : contact.kind}`,
        'DUPLICATE',
        'the customer already has this contact',
      );
      return;
    }
    if (ids.has(contact.contactId)) {
      v.add(`${field(i)}.contactId`, 'DUPLICATE', 'another contact has this id');
      return;
    }
    values.add(key);
    ids.add(contact.contactId);
    valid.push(contact);
  });
  for (const kind of ['email', 'phone', 'address'] as const) {
    const count =
      contactsOfKind(existing, kind).length + valid.filter((c) => c.kind === kind).length;
    if (count > LIMITS.contactsPerKind)
      v.add('contacts', 'TOO_MANY', `at most ${LIMITS.contactsPerKind} contacts of kind ${kind}`);
  }
  return valid;
}

/** ContactAdded events; the first contact of a kind (or the requested one) becomes primary. */
function contactAddedEvents(
  customerId: string,
  contacts: readonly ValidContact[],
  existing: readonly Contact[],
): ContactAdded[] {
  const events: ContactAdded[] = [];
  for (const kind of ['email', 'phone', 'address'] as const) {
    const ofKind = contacts.filter((c) => c.kind === kind);
    const hasPrimary = existing.some((c) => c.kind === kind && c.primary);
    const requested = ofKind.filter((c) => c.requestedPrimary).at(-1);
    const primaryId = requested?.contactId ?? (hasPrimary ? undefined : ofKind[0]?.contactId);
    for (const c of ofKind) {
      events.push(
        event('customers.ContactAdded', {
          customerId,
          contactId: c.contactId,
          contactKind: c.kind,
          value: c.value,
          ...defined({ label: c.label }),
          primary: c.contactId === primaryId,
        }),
      );
    }
  }
  // Keep the caller's order for readability of the stream.
  const order = new Map(contacts.map((c, i) => [c.contactId, i]));
  return events.sort(
    (a, b) => (order.get(a.data.contactId) ?? 0) - (order.get(b.data.contactId) ?? 0),
  );
}

function decideRegister(command: RegisterCustomer, state: CustomerState): CustomerEvent[] {
  const { customerId, kind, acquiredVia, ownerUserId, teamId, initialStatus } = command.data;
  if (state.stage === 'registered') throw new CustomerAlreadyExistsError(customerId);
  const contacts = Violations.collect((v) =>
    checkNewContacts(v, (i) => `contacts[${i}]`, command.data.contacts, []),
  );
  const { person, company, nationalId } = command.data;
  const events: CustomerEvent[] = [
    event('customers.CustomerRegistered', {
      customerId,
      kind,
      ...defined({ person, company, nationalId }),
      status: initialStatus ?? 'prospect',
    }),
    ...contactAddedEvents(customerId, contacts, []),
  ];
  if (acquiredVia) events.push(event('customers.ChannelRecorded', { customerId, ...acquiredVia }));
  if (ownerUserId !== undefined || teamId !== undefined) {
    const owner = { ownerUserId: ownerUserId ?? null, teamId: teamId ?? null };
    events.push(event('customers.OwnerAssigned', { customerId, ...owner }));
  }
  return events;
}

function decideUpdateProfile(
  command: UpdateProfile,
  customer: RegisteredCustomer,
): CustomerEvent[] {
  const { person, company, bankCard } = command.data;
  const v = new Violations();
  if (person && customer.kind !== 'person')
    v.add('person', 'NOT_ALLOWED', 'the customer is a company; send a company patch');
  if (company && customer.kind !== 'company')
    v.add('company', 'NOT_ALLOWED', 'the customer is a person; send a person patch');
  v.throwIfAny();
  // The customer's profile as a patch would state it (an unset optional field is null).
  const current: Record<string, unknown> = {
    ...{ nationalId: null, industry: null, size: null, registrationNumber: null, bankCard: null },
    ...customer.person,
    ...customer.company,
    ...defined({ nationalId: customer.nationalId, bankCard: customer.bankCard }),
  };
  const patch = { ...person, ...company, ...present({ bankCard }) };
  const same = (key: string, to: unknown) => JSON.stringify(to) === JSON.stringify(current[key]);
  const changed = Object.entries(patch).filter(([key, to]) => !same(key, to));
  if (changed.length === 0) return [];
  const data = { customerId: customer.customerId, ...Object.fromEntries(changed) };
  return [event('customers.ProfileUpdated', data as ProfileUpdated['data'])];
}

function decideAddContact(command: AddContact, customer: RegisteredCustomer): CustomerEvent[] {
  const { contact } = command.data;
  const existing = customer.contacts.find((c) => c.contactId === contact.contactId);
  // A retry of the same AddContact is a no-op; another value under the same id is a conflict.
  if (existing && contactValueKey(existing) === contactValueKey(contact)) return [];
  const v = new Violations();
  if (existing) v.add('contact.contactId', 'DUPLICATE', 'another contact has this id');
  const valid = existing ? [] : checkNewContacts(v, () => 'contact', [contact], customer.contacts);
  v.throwIfAny();
  return contactAddedEvents(customer.customerId, valid, customer.contacts);
}

function decideConsent(
  command: GrantConsent | WithdrawConsent,
  customer: RegisteredCustomer,
): CustomerEvent[] {
  const d = command.data;
  const current = customer.consents[d.channel];
  const wanted = command.type === 'GrantConsent' ? 'granted' : 'withdrawn';
  // A statement older than the one on record does not override it (e.g. an old import file).
  const at = d.at ?? d.now;
  if (current && (current.status === wanted || current.at > at)) return [];
  return [consentEvent(customer.customerId, wanted, d.channel, d.source, at)];
}

function consentEvent(
  customerId: string,
  status: 'granted' | 'withdrawn',
  channel: ConsentChannel,
  source: string,
  at: string,
): CustomerEvent {
  return status === 'granted'
    ? event('customers.ConsentGranted', { customerId, channel, source, grantedAt: at })
    : event('customers.ConsentWithdrawn', { customerId, channel, source, withdrawnAt: at });
}

function decideAbsorb(
  command: AbsorbMergedCustomer,
  survivor: RegisteredCustomer,
): CustomerEvent[] {
  const { merged } = command.data;
  const customerId = survivor.customerId;
  if (merged.customerId === customerId)
    throw new MergeNotAllowedError('A customer cannot be merged into itself');
  if (survivor.mergedFrom.includes(merged.customerId)) return [];
  if (merged.lifecycle.status !== 'merged' || merged.lifecycle.survivorCustomerId !== customerId) {
    throw new MergeNotAllowedError(
      `Customer ${merged.customerId} is not closed as merged into ${customerId}`,
    );
  }
  const reason = command.data.reason?.trim().slice(0, LIMITS.reason);
  const events: CustomerEvent[] = [
    {
      type: 'customers.CustomerMerged',
      data: { customerId, mergedCustomerId: merged.customerId, ...(reason ? { reason } : {}) },
    },
  ];
  const mergedFrom = merged.customerId;

  const existingIds = new Set(survivor.contacts.map((c) => c.contactId));
  const existingValues = new Set(survivor.contacts.map(contactValueKey));
  // Every copy stays under the key of the person it came from (foreignSubject), see ADR 0060.
  const contactSubjects = new Map<string, string>();
  const newContacts: ValidContact[] = merged.contacts
    .filter((c) => !existingValues.has(contactValueKey(c)))
    .map((c) => {
      const contactId = existingIds.has(c.contactId) ? `${c.contactId}-m` : c.contactId;
      contactSubjects.set(contactId, subjectOf(merged, subjectKey.contact(c.contactId)));
      return { ...c, contactId, requestedPrimary: false };
    });
  for (const added of contactAddedEvents(customerId, newContacts, survivor.contacts)) {
    const subject = contactSubjects.get(added.data.contactId) ?? mergedFrom;
    events.push({ ...added, data: { ...added.data, ...foreignSubject(customerId, subject) } });
  }

  if (merged.nationalId !== undefined && survivor.nationalId === undefined) {
    events.push(
      event('customers.ProfileUpdated', {
        customerId,
        nationalId: merged.nationalId,
        ...foreignSubject(customerId, subjectOf(merged, subjectKey.nationalId)),
      }),
    );
  }
  for (const link of merged.channels) {
    if (
      !survivor.channels.some((c) => c.channel === link.channel && c.externalId === link.externalId)
    ) {
      events.push(event('customers.ChannelRecorded', { customerId, ...link }));
    }
  }
  const sd = survivor.demographics;
  const md = merged.demographics;
  const filled = {
    ...md,
    ...Object.fromEntries(Object.entries(sd).filter(([, value]) => value !== undefined)),
  };
  if (JSON.stringify(filled) !== JSON.stringify(sd) && Object.keys(md).length > 0) {
    const birthdaySubject =
      sd.birthday !== undefined
        ? subjectOf(survivor, subjectKey.birthday)
        : subjectOf(merged, subjectKey.birthday);
    events.push(
      event('customers.DemographicsSet', {
        customerId,
        ...filled,
        ...(filled.birthday !== undefined ? foreignSubject(customerId, birthdaySubject) : {}),
      }),
    );
  }
  const newTags = merged.tags.filter(
    (t) => !survivor.tags.some((s) => s.kind === t.kind && s.value === t.value),
  );
  if (newTags.length > 0)
    events.push(event('customers.CustomerTagged', { customerId, tags: newTags }));
  if (survivor.ownerUserId === null && merged.ownerUserId !== null) {
    const teamId = survivor.teamId ?? merged.teamId;
    events.push(
      event('customers.OwnerAssigned', { customerId, ownerUserId: merged.ownerUserId, teamId }),
    );
  }
  // One event per data subject: the values are encrypted as a whole under one key.
  const customValuesBySubject = new Map<string, Record<string, CustomFieldValue>>();
  for (const [name, value] of Object.entries(merged.customFields)) {
    if (name in survivor.customFields) continue;
    const subject = subjectOf(merged, subjectKey.customField(name));
    customValuesBySubject.set(subject, { ...customValuesBySubject.get(subject), [name]: value });
  }
  for (const [subject, values] of customValuesBySubject) {
    const from = foreignSubject(customerId, subject);
    events.push(
      event('customers.CustomFieldValuesSet', { customerId, values, cleared: [], ...from }),
    );
  }
  for (const channel of CONSENT_CHANNELS) {
    const theirs = merged.consents[channel];
    const ours = survivor.consents[channel];
    if (!theirs || (ours && ours.at >= theirs.at)) continue;
    events.push(consentEvent(customerId, theirs.status, channel, theirs.source, theirs.at));
  }
  const interactionIds = new Set(survivor.interactions.map((i) => i.interactionId));
  for (const interaction of merged.interactions) {
    if (interactionIds.has(interaction.interactionId)) continue;
    events.push(
      event('customers.InteractionRecorded', {
        ...interaction,
        customerId,
        mergedFrom: interaction.mergedFrom ?? mergedFrom,
        ...foreignSubject(
          customerId,
          subjectOf(merged, subjectKey.interaction(interaction.interactionId)),
        ),
      }),
    );
  }
  const orderIds = new Set(survivor.purchases.map((p) => p.orderId));
  for (const purchase of merged.purchases) {
    if (orderIds.has(purchase.orderId)) continue;
    const { reversals, ...recorded } = purchase;
    const from = purchase.mergedFrom ?? mergedFrom;
    events.push(event('customers.PurchaseRecorded', { ...recorded, customerId, mergedFrom: from }));
    // Its cancellation and refunds come along, so the survivor counts what the merged one did.
    for (const reversal of reversals ?? [])
      events.push({
        type: reversal.type,
        data: { ...reversal.data, customerId, mergedFrom: from },
      } as CustomerEvent);
  }
  return events;
}

/**
 * A cancellation or refund of a recorded purchase, once per sales event. It nets at most what the
 * purchase still counts: a cancellation takes the rest, a refund its amount (capped), and neither
 * is recorded once nothing is left.
 */
function decideReversal(
  command: CancelPurchase | RefundPurchase,
  customer: RegisteredCustomer,
): CustomerEvent[] {
  const { customerId, orderId, salesEventId } = command.data;
  const purchase = customer.purchases.find((p) => p.orderId === orderId);
  if (!purchase) throw new PurchaseNotFoundError(customerId, orderId);
  if ((purchase.reversals ?? []).some((r) => r.data.salesEventId === salesEventId)) return [];
  const counted = countedMinor(purchase);
  if (isCancelled(purchase)) return [];
  const { currency, purchasedAt } = purchase;
  if (command.type === 'CancelPurchase') {
    const { cancelledAt } = command.data;
    const data = { customerId, orderId, salesEventId, amountMinor: counted, currency };
    return [event('customers.PurchaseCancelled', { ...data, purchasedAt, cancelledAt })];
  }
  if (command.data.currency !== currency)
    throw new CustomerValidationError([
      {
        field: 'currency',
        code: 'NOT_ALLOWED',
        message: `order ${orderId} was paid in ${currency}, not ${command.data.currency}`,
      },
    ]);
  const amountMinor = Math.min(command.data.amountMinor, counted);
  if (amountMinor <= 0) return [];
  const { refundedAt } = command.data;
  const data = { customerId, orderId, salesEventId, amountMinor, currency, purchasedAt };
  return [
    event('customers.PurchaseRefunded', { ...data, amount: formatMinor(amountMinor), refundedAt }),
  ];
}

/** Decides each part on the state the previous parts produced, collecting every violation. */
function decideImport(command: ImportCustomer, state: CustomerState): CustomerEvent[] {
  const d = command.data;
  const customerId = d.customerId;
  const violations: FieldViolation[] = [];
  const events: CustomerEvent[] = [];
  let current = state;
  const step = (sub: CustomerCommand): void => {
    try {
      const decided = decideCustomer(sub, current);
      events.push(...decided);
      current = decided.reduce(evolveCustomer, current);
    } catch (error) {
      if (!(error instanceof CustomerValidationError)) throw error;
      violations.push(...error.violations);
    }
  };
  step({ type: 'RegisterCustomer', data: { ...d.registration, customerId } });
  if (current.stage === 'unregistered') {
    // Without a valid registration the rest cannot be decided; still report what else is wrong.
    current = evolveCustomer(current, {
      type: 'customers.CustomerRegistered',
      data: { customerId, kind: d.registration.kind, status: 'prospect' },
    });
  }
  if (d.demographics && Object.keys(d.demographics).length > 0)
    step({ type: 'SetDemographics', data: { ...d.demographics, customerId } });
  if (d.tags.length > 0) step({ type: 'TagCustomer', data: { customerId, tags: d.tags } });
  if (d.customFields.length > 0)
    step({
      type: 'SetCustomFieldValues',
      data: { customerId, values: d.customFields, definitions: d.definitions },
    });
  for (const consent of d.consents) {
    const data = { customerId, channel: consent.channel, source: d.consentSource, now: d.now };
    step(consent.granted ? { type: 'GrantConsent', data } : { type: 'WithdrawConsent', data });
  }
  if (violations.length > 0) throw new CustomerValidationError(violations);
  // One event per row where the row allows it (ADR 0340).
  return foldRegistrationFacts(events);
}

/** The commands that act on a customer who is neither merged away nor erased. */
type OpenCustomerCommand = Exclude<
  CustomerCommand,
  { type: 'RegisterCustomer' | 'CloseAsMergedInto' | 'ImportCustomer' | 'ErasePersonalData' }
>;

const NOT_ON_AN_OPEN_CUSTOMER: ReadonlySet<CustomerCommand['type']> = new Set([
  'RegisterCustomer',
  'CloseAsMergedInto',
  'ImportCustomer',
  'ErasePersonalData',
]);

function isOnAnOpenCustomer(command: CustomerCommand): command is OpenCustomerCommand {
  return !NOT_ON_AN_OPEN_CUSTOMER.has(command.type);
}

export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  if (isOnAnOpenCustomer(command))
    return decideOnOpen(command, requireOpen(state, command.data.customerId));
  switch (command.type) {
    case 'RegisterCustomer':
      return decideRegister(command, state);
    case 'CloseAsMergedInto': {
      const { customerId, survivorCustomerId } = command.data;
      if (state.stage === 'unregistered') throw new CustomerNotFoundError(customerId);
      if (survivorCustomerId === customerId)
        throw new MergeNotAllowedError('A customer cannot be merged into itself');
      if (state.lifecycle.status === 'merged') {
        if (state.lifecycle.survivorCustomerId === survivorCustomerId) return [];
        throw new MergeNotAllowedError(
          `Customer ${customerId} was already merged into ${state.lifecycle.survivorCustomerId}`,
        );
      }
      if (state.lifecycle.status === 'erased') throw new CustomerErasedError(customerId);
      const reason = command.data.reason?.trim().slice(0, LIMITS.reason);
      return [
        event('customers.CustomerMergedInto', {
          customerId,
          survivorCustomerId,
          ...(reason ? { reason } : {}),
        }),
      ];
    }
    case 'ImportCustomer':
      if (state.stage === 'registered')
        throw new CustomerAlreadyExistsError(command.data.customerId);
      return decideImport(command, state);
    case 'ErasePersonalData': {
      if (state.stage === 'unregistered') throw new CustomerNotFoundError(command.data.customerId);
      if (state.lifecycle.status === 'erased') return [];
      const reason = command.data.reason?.trim().slice(0, LIMITS.reason);
      const erased = command.data.erasedCustomerIds;
      return [
        event('customers.PersonalDataErased', {
          customerId: state.customerId,
          ...(reason ? { reason } : {}),
          contactIds: state.contacts.map((c) => c.contactId),
          interactionIds: state.interactions.map((i) => i.interactionId),
          ...(erased ? { erasedCustomerIds: [...erased] } : {}),
        }),
      ];
    }
  }
}

function decideOnOpen(command: OpenCustomerCommand, customer: RegisteredCustomer): CustomerEvent[] {
  const { customerId } = customer;
  switch (command.type) {
    case 'UpdateProfile':
      return decideUpdateProfile(command, customer);
    case 'ChangeLifecycleStatus': {
      const { status: to, reason } = command.data;
      const from = customer.lifecycle.status as SettableStatus;
      if (from === to) return [];
      if (!TRANSITIONS[from].includes(to)) throw new InvalidLifecycleTransitionError(from, to);
      return [
        event('customers.LifecycleStatusChanged', {
          customerId,
          from,
          to,
          ...(reason ? { reason } : {}),
        }),
      ];
    }
    case 'AssignOwner': {
      const { ownerUserId, teamId } = command.data;
      if (ownerUserId === customer.ownerUserId && teamId === customer.teamId) return [];
      return [event('customers.OwnerAssigned', { customerId, ownerUserId, teamId })];
    }
    case 'AddContact':
      return decideAddContact(command, customer);
    case 'SetPrimaryContact': {
      const contact = customer.contacts.find((c) => c.contactId === command.data.contactId);
      if (!contact) throw new ContactNotFoundError(customerId, command.data.contactId);
      if (contact.primary) return [];
      const { contactId, kind: contactKind } = contact;
      return [event('customers.PrimaryContactSet', { customerId, contactId, contactKind })];
    }
    case 'RemoveContact': {
      const contact = customer.contacts.find((c) => c.contactId === command.data.contactId);
      if (!contact) throw new ContactNotFoundError(customerId, command.data.contactId);
      const promoted = contact.primary
        ? contactsOfKind(customer.contacts, contact.kind).find(
            (c) => c.contactId !== contact.contactId,
          )
        : undefined;
      return [
        event('customers.ContactRemoved', {
          customerId,
          contactId: contact.contactId,
          contactKind: contact.kind,
          ...defined({ promotedContactId: promoted?.contactId }),
        }),
      ];
    }
    case 'RecordChannel': {
      const link = command.data.channel;
      const linked = (c: ChannelLink): boolean =>
        c.channel === link.channel && c.externalId === link.externalId;
      if (customer.channels.some(linked)) return [];
      if (customer.channels.length >= LIMITS.channels) {
        const message = `a customer may have at most ${LIMITS.channels} channel links`;
        throw new CustomerValidationError([{ field: 'channel', code: 'TOO_MANY', message }]);
      }
      return [event('customers.ChannelRecorded', { customerId, ...link })];
    }
    case 'SetDemographics': {
      const { customerId: _id, ...demographics } = command.data;
      if (JSON.stringify(demographics) === JSON.stringify(customer.demographics)) return [];
      return [event('customers.DemographicsSet', { customerId, ...demographics })];
    }
    case 'TagCustomer':
    case 'UntagCustomer': {
      const { tags } = command.data;
      const has = (t: Tag): boolean =>
        customer.tags.some((c) => c.kind === t.kind && c.value === t.value);
      if (command.type === 'UntagCustomer') {
        const removed = tags.filter(has);
        return removed.length > 0
          ? [event('customers.CustomerUntagged', { customerId, tags: removed })]
          : [];
      }
      const added = tags.filter((t) => !has(t));
      const v = new Violations();
      for (const kind of new Set(added.map((t) => t.kind))) {
        const count =
          customer.tags.filter((t) => t.kind === kind).length +
          added.filter((t) => t.kind === kind).length;
        if (count > LIMITS.tagsPerKind)
          v.add('tags', 'TOO_MANY', `at most ${LIMITS.tagsPerKind} tags of kind ${kind}`);
      }
      v.throwIfAny();
      return added.length > 0
        ? [event('customers.CustomerTagged', { customerId, tags: added })]
        : [];
    }
    case 'SetCustomFieldValues': {
      const v = new Violations();
      const { values, cleared } = validateCustomFieldValues(
        v,
        'customFields',
        command.data.values,
        command.data.definitions,
      );
      v.throwIfAny();
      const changed = Object.fromEntries(
        Object.entries(values).filter(([name, value]) => customer.customFields[name] !== value),
      );
      const reallyCleared = cleared.filter((name) => name in customer.customFields);
      if (Object.keys(changed).length === 0 && reallyCleared.length === 0) return [];
      return [
        event('customers.CustomFieldValuesSet', {
          customerId,
          values: changed,
          cleared: reallyCleared,
        }),
      ];
    }
    case 'RecordInteraction': {
      const { interactionId, occurredAt, now, ...rest } = command.data;
      if (customer.interactions.some((i) => i.interactionId === interactionId)) return [];
      const data = { ...rest, interactionId, occurredAt: occurredAt ?? now };
      return [event('customers.InteractionRecorded', data)];
    }
    case 'RecordPurchase': {
      const { orderId, purchasedAt, now, ...rest } = command.data;
      if (customer.purchases.some((p) => p.orderId === orderId)) return [];
      const data = { ...rest, orderId, purchasedAt: purchasedAt ?? now };
      return [event('customers.PurchaseRecorded', data)];
    }
    case 'CancelPurchase':
    case 'RefundPurchase':
      return decideReversal(command, customer);
    case 'GrantConsent':
    case 'WithdrawConsent':
      return decideConsent(command, customer);
    case 'AbsorbMergedCustomer': {
      if (customer.kind !== command.data.merged.kind) {
        throw new MergeNotAllowedError(
          `A ${command.data.merged.kind} cannot be merged into a ${customer.kind}`,
        );
      }
      return decideAbsorb(command, customer);
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

function withContacts(state: RegisteredCustomer, contacts: readonly Contact[]): RegisteredCustomer {
  return { ...state, contacts };
}

function setPrimary(contacts: readonly Contact[], kind: ContactKind, contactId: string): Contact[] {
  return contacts.map((c) => (c.kind === kind ? { ...c, primary: c.contactId === contactId } : c));
}

function settable(lifecycle: Lifecycle, to: SettableStatus): Lifecycle {
  return lifecycle.status === 'merged' || lifecycle.status === 'erased'
    ? lifecycle
    : { status: to };
}

/** Drops a key when the event says `null`, sets it when given, keeps it when absent. */
function patch<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | null | undefined,
): T {
  if (value === undefined) return target;
  if (value === null) {
    const { [key]: _dropped, ...rest } = target;
    return rest as T;
  }
  return { ...target, [key]: value };
}

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'customers.CustomerRegistered' && hasRegistrationFacts(event))
    return registrationFacts(event).reduce(evolveCustomer, state);
  const next = evolveFacts(state, event);
  if (next.stage === 'unregistered') return next;
  const subject = (event.data as { readonly dataSubjectId?: string }).dataSubjectId;
  return recordSubjects(next, personalItemKeys(event), subject);
}

function evolveFacts(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'customers.CustomerRegistered') {
    const d = event.data;
    return {
      stage: 'registered',
      customerId: d.customerId,
      kind: d.kind,
      ...(d.person ? { person: d.person } : {}),
      ...(d.company ? { company: d.company } : {}),
      ...(d.nationalId !== undefined ? { nationalId: d.nationalId } : {}),
      lifecycle: { status: d.status },
      contacts: [],
      channels: [],
      demographics: {},
      tags: [],
      ownerUserId: null,
      teamId: null,
      customFields: {},
      consents: {},
      interactions: [],
      purchases: [],
      mergedFrom: [],
    };
  }
  if (state.stage === 'unregistered') return state; // events before registration cannot occur
  switch (event.type) {
    case 'customers.ProfileUpdated': {
      const d = event.data;
      let next: RegisteredCustomer = state;
      if (state.kind === 'person' && (d.firstName !== undefined || d.lastName !== undefined)) {
        next = {
          ...next,
          person: {
            firstName: d.firstName ?? state.person?.firstName ?? '',
            lastName: d.lastName ?? state.person?.lastName ?? '',
          },
        };
      }
      if (state.kind === 'company') {
        let company = state.company ?? { legalName: '' };
        if (d.legalName !== undefined) company = { ...company, legalName: d.legalName };
        company = patch(company, 'industry', d.industry);
        company = patch(company, 'size', d.size);
        company = patch(company, 'registrationNumber', d.registrationNumber);
        next = { ...next, company };
      }
      next = patch(next, 'nationalId', d.nationalId);
      next = patch(next, 'bankCard', d.bankCard);
      return next;
    }
    case 'customers.ContactAdded': {
      const d = event.data;
      const contact = {
        contactId: d.contactId,
        kind: d.contactKind,
        value: d.value,
        ...(d.label !== undefined ? { label: d.label } : {}),
        primary: d.primary,
      } as Contact;
      const contacts = d.primary
        ? setPrimary(state.contacts, d.contactKind, '')
        : [...state.contacts];
      return withContacts(state, [...contacts, contact]);
    }
    case 'customers.PrimaryContactSet':
      return withContacts(
        state,
        setPrimary(state.contacts, event.data.contactKind, event.data.contactId),
      );
    case 'customers.ContactRemoved': {
      const remaining = state.contacts.filter((c) => c.contactId !== event.data.contactId);
      const promoted = event.data.promotedContactId;
      return withContacts(
        state,
        promoted ? setPrimary(remaining, event.data.contactKind, promoted) : remaining,
      );
    }
    case 'customers.ChannelRecorded': {
      const { customerId: _id, ...link } = event.data;
      return { ...state, channels: [...state.channels, link] };
    }
    case 'customers.DemographicsSet': {
      const { customerId: _id, ...demographics } = event.data;
      return { ...state, demographics };
    }
    case 'customers.CustomerTagged':
      return { ...state, tags: [...state.tags, ...event.data.tags] };
    case 'customers.CustomerUntagged':
      return {
        ...state,
        tags: state.tags.filter(
          (t) => !event.data.tags.some((u) => u.kind === t.kind && u.value === t.value),
        ),
      };
    case 'customers.OwnerAssigned':
      return { ...state, ownerUserId: event.data.ownerUserId, teamId: event.data.teamId };
    case 'customers.LifecycleStatusChanged':
      return { ...state, lifecycle: settable(state.lifecycle, event.data.to) };
    case 'customers.CustomFieldValuesSet': {
      const customFields = { ...state.customFields, ...event.data.values };
      for (const name of event.data.cleared) delete customFields[name];
      return { ...state, customFields };
    }
    case 'customers.InteractionRecorded': {
      const { customerId: _id, ...interaction } = event.data;
      return { ...state, interactions: [...state.interactions, interaction] };
    }
    case 'customers.PurchaseRecorded': {
      const { customerId: _id, ...purchase } = event.data;
      return { ...state, purchases: [...state.purchases, purchase] };
    }
    case 'customers.PurchaseCancelled':
    case 'customers.PurchaseRefunded': {
      const reversal = event;
      const purchases = state.purchases.map((p) =>
        p.orderId === reversal.data.orderId
          ? { ...p, reversals: [...(p.reversals ?? []), reversal] }
          : p,
      );
      return { ...state, purchases };
    }
    case 'customers.ConsentGranted':
    case 'customers.ConsentWithdrawn': {
      const d = event.data;
      const statement =
        'grantedAt' in d
          ? { status: 'granted' as const, source: d.source, at: d.grantedAt }
          : { status: 'withdrawn' as const, source: d.source, at: d.withdrawnAt };
      return { ...state, consents: { ...state.consents, [d.channel]: statement } };
    }
    case 'customers.CustomerMerged':
      return { ...state, mergedFrom: [...state.mergedFrom, event.data.mergedCustomerId] };
    case 'customers.CustomerMergedInto':
      return {
        ...state,
        lifecycle: { status: 'merged', survivorCustomerId: event.data.survivorCustomerId },
      };
    case 'customers.PersonalDataErased': {
      // Whatever was read before the key was shredded is dropped from memory as well.
      const { person: _p, nationalId: _n, bankCard: _b, dataSubjects: _d, ...rest } = state;
      const mergedInto =
        state.lifecycle.status === 'merged' ? state.lifecycle.survivorCustomerId : undefined;
      return {
        ...rest,
        lifecycle: { status: 'erased', ...(mergedInto ? { mergedInto } : {}) },
        contacts: [],
        demographics: {},
        customFields: {},
        interactions: state.interactions.map(({ subject: _s, notes: _no, ...i }) => i),
      };
    }
    default: {
      const unknown: never = event;
      return unknownEvent(state, unknown);
    }
  }
}

/** Unknown (future) event types are ignored on fold, so an older reader survives a newer log. */
function unknownEvent(state: CustomerState, _event: never): CustomerState {
  return state;
}

export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
};
