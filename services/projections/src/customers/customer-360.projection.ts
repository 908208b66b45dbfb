// Customer 360 and search: one document per customer (profile, contacts, channels, demographics,
// tags, custom fields, consent, owner/team, purchase aggregates net of cancellations and refunds,
// interaction count) plus one search
// token per email/phone for prefix search. Pure: values come from the event only.
//
// Reads the event store directly (source: 'store') through the customers decrypting view, because
// Kafka carries personal fields encrypted. A field that still arrives encrypted (no key access) or
// as "[erased]" is never written; PersonalDataErased removes every personal field and token.
import {
  CUSTOMER_360_MODEL,
  CUSTOMER_360_PROJECTION,
  CUSTOMER_SEARCH_MODEL,
  SEARCH_ORDER,
  type ContactDocument,
  type PostalAddressDocument,
} from '@crm/customers-read-models';
import {
  CUSTOMER_EVENT_TYPES,
  customerIdFromStreamId,
  hasRegistrationFacts,
  registrationFacts,
  type CustomerEvent,
} from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  defineProjection,
  encodeFieldKey,
  mergeChangesPerDocument,
  remove,
  upsert,
  type FieldValue,
  type Fields,
  type ReadModelChange,
} from '@crm/read-models';

const ERASED = '[erased]';

/** A clear string value, or undefined for absent, encrypted or erased values. */
export function clearString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ERASED ? value : undefined;
}

function clearAddress(value: unknown): PostalAddressDocument | undefined {
  if (typeof value !== 'object' || value === null || '$enc' in value) return undefined;
  const a = value as Record<string, unknown>;
  const line1 = clearString(a['line1']);
  const city = clearString(a['city']);
  const countryCode = clearString(a['countryCode']);
  if (!line1 || !city || !countryCode) return undefined;
  const optional = (key: string): Record<string, string> => {
    const v = clearString(a[key]);
    return v ? { [key]: v } : {};
  };
  return {
    line1,
    city,
    countryCode,
    ...optional('line2'),
    ...optional('postalCode'),
    ...optional('region'),
  };
}

/** Lower-cased words of a name, for word-prefix search ("Acme (Lovelace) Ltd" → acme, lovelace, ltd). */
export function nameWords(name: string): string[] {
  return [
    ...new Set(
      name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
}

function last4(value: string | undefined): string | undefined {
  return value && value.length >= 4 ? value.slice(-4) : undefined;
}

function tokenId(customerId: string, contactId: string): string {
  return `${customerId}|c|${contactId}`;
}

const PERSONAL_FIELDS = [
  'person',
  'nationalIdLast4',
  'bankCardLast4',
  'contacts',
  'primaryContacts',
  'demographics',
  'customFields',
  'search.firstName',
  'search.lastName',
  'search.region',
];

export function projectCustomer360(envelope: EventEnvelope): ReadModelChange[] {
  const customerId = customerIdFromStreamId(envelope.streamId);
  if (!customerId) return [];
  const event = { type: envelope.type, data: envelope.data } as CustomerEvent;
  // An imported row's registration carries its contacts, channel and demographics (ADR 0340):
  // projected as the events it stands for, one write per document.
  if (event.type === 'customers.CustomerRegistered' && hasRegistrationFacts(event))
    return mergeChangesPerDocument(
      registrationFacts(event).flatMap((fact) => projectCustomer360({ ...envelope, ...fact })),
    );
  const base: Fields = {
    tenantId: envelope.tenantId,
    version: envelope.streamVersion,
    updatedAt: envelope.occurredAt,
  };
  const customer = (update: {
    set?: Fields;
    unset?: readonly string[];
    inc?: Record<string, number>;
  }): ReadModelChange =>
    upsert(CUSTOMER_360_MODEL, customerId, {
      set: { ...base, ...update.set },
      setOnInsert: { createdAt: envelope.occurredAt },
      ...(update.unset && update.unset.length > 0 ? { unset: update.unset } : {}),
      ...(update.inc ? { inc: update.inc } : {}),
    });

  switch (event.type) {
    case 'customers.CustomerRegistered': {
      const d = event.data;
      const set: Record<string, FieldValue> = { kind: d.kind, status: d.status };
      if (d.person) {
        const firstName = clearString(d.person.firstName);
        const lastName = clearString(d.person.lastName);
        set['person'] = { ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}) };
        // Written even when the name is shredded (a rebuild after erasure), so that the document
        // has the same shape as the live one, whose erasure leaves an empty `search` (rebuild ==
        // live, issue 9 item 9).
        set['search.firstName'] = firstName ? nameWords(firstName) : [];
        set['search.lastName'] = lastName ? nameWords(lastName) : [];
      }
      if (d.company) {
        set['company'] = { ...d.company };
        set['search.legalName'] = nameWords(d.company.legalName);
      }
      const nationalId = last4(clearString(d.nationalId));
      if (nationalId) set['nationalIdLast4'] = nationalId;
      return [customer({ set })];
    }
    case 'customers.ProfileUpdated': {
      const d = event.data;
      const set: Record<string, FieldValue> = {};
      const unset: string[] = [];
      const firstName = clearString(d.firstName);
      const lastName = clearString(d.lastName);
      if (firstName)
        Object.assign(set, {
          'person.firstName': firstName,
          'search.firstName': nameWords(firstName),
        });
      if (lastName)
        Object.assign(set, { 'person.lastName': lastName, 'search.lastName': nameWords(lastName) });
      if (d.legalName !== undefined)
        Object.assign(set, {
          'company.legalName': d.legalName,
          'search.legalName': nameWords(d.legalName),
        });
      for (const key of ['industry', 'size', 'registrationNumber'] as const) {
        const value = d[key];
        if (value === null) unset.push(`company.${key}`);
        else if (value !== undefined) set[`company.${key}`] = value;
      }
      if (d.nationalId === null) unset.push('nationalIdLast4');
      else if (clearString(d.nationalId))
        set['nationalIdLast4'] = last4(clearString(d.nationalId)) ?? '';
      if (d.bankCard === null) unset.push('bankCardLast4');
      else if (d.bankCard && typeof d.bankCard === 'object' && !('$enc' in d.bankCard)) {
        const digits = clearString((d.bankCard as { last4?: unknown }).last4);
        if (digits) set['bankCardLast4'] = digits;
      }
      return [customer({ set, unset })];
    }
    case 'customers.ContactAdded': {
      const d = event.data;
      const key = encodeFieldKey(d.contactId);
      const value = d.contactKind === 'address' ? undefined : clearString(d.value);
      const address = d.contactKind === 'address' ? clearAddress(d.value) : undefined;
      const contact: ContactDocument = {
        kind: d.contactKind,
        ...(d.contactKind === 'email' && value ? { email: value } : {}),
        ...(d.contactKind === 'phone' && value ? { phone: value } : {}),
        ...(address ? { address } : {}),
        ...(d.label ? { label: d.label } : {}),
        addedAt: envelope.occurredAt,
      };
      const set: Record<string, FieldValue> = {
        [`contacts.${key}`]: contact as unknown as FieldValue,
      };
      if (d.primary) set[`primaryContacts.${d.contactKind}`] = d.contactId;
      const changes: ReadModelChange[] = [customer({ set })];
      if (value && (d.contactKind === 'email' || d.contactKind === 'phone')) {
        changes.push(
          upsert(CUSTOMER_SEARCH_MODEL, tokenId(customerId, d.contactId), {
            set: {
              tenantId: envelope.tenantId,
              customerId,
              kind: d.contactKind,
              value: value.toLowerCase(),
            },
          }),
        );
      }
      return changes;
    }
    case 'customers.PrimaryContactSet':
      return [
        customer({ set: { [`primaryContacts.${event.data.contactKind}`]: event.data.contactId } }),
      ];
    case 'customers.ContactRemoved': {
      const d = event.data;
      return [
        customer({
          unset: [`contacts.${encodeFieldKey(d.contactId)}`],
          ...(d.promotedContactId
            ? { set: { [`primaryContacts.${d.contactKind}`]: d.promotedContactId } }
            : {}),
        }),
        remove(CUSTOMER_SEARCH_MODEL, tokenId(customerId, d.contactId)),
      ];
    }
    case 'customers.ChannelRecorded': {
      const d = event.data;
      const key = encodeFieldKey(d.externalId ? `${d.channel}:${d.externalId}` : d.channel);
      return [
        customer({
          set: {
            [`channels.${key}`]: {
              channel: d.channel,
              ...(d.externalId ? { externalId: d.externalId } : {}),
              ...(d.detail ? { detail: d.detail } : {}),
              recordedAt: envelope.occurredAt,
            },
          },
        }),
      ];
    }
    case 'customers.DemographicsSet': {
      const { customerId: _id, birthday, ...rest } = event.data;
      const clearBirthday = clearString(birthday);
      const demographics = { ...rest, ...(clearBirthday ? { birthday: clearBirthday } : {}) };
      return [
        customer({
          set: {
            demographics,
            ...(rest.region ? { 'search.region': rest.region.toLowerCase() } : {}),
          },
          ...(rest.region ? {} : { unset: ['search.region'] }),
        }),
      ];
    }
    case 'customers.CustomerTagged':
      return [
        customer({
          set: Object.fromEntries(
            event.data.tags.map((t) => [`tags.${t.kind}.${encodeFieldKey(t.value)}`, t.value]),
          ),
        }),
      ];
    case 'customers.CustomerUntagged':
      return [
        customer({
          unset: event.data.tags.map((t) => `tags.${t.kind}.${encodeFieldKey(t.value)}`),
        }),
      ];
    case 'customers.OwnerAssigned':
      return [
        customer({ set: { ownerUserId: event.data.ownerUserId, teamId: event.data.teamId } }),
      ];
    case 'customers.LifecycleStatusChanged':
      return [customer({ set: { status: event.data.to } })];
    case 'customers.CustomFieldValuesSet': {
      const values = event.data.values as unknown;
      const set: Record<string, FieldValue> = {};
      if (typeof values === 'object' && values !== null && !('$enc' in values)) {
        for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
            set[`customFields.${encodeFieldKey(name)}`] = value;
        }
      }
      return [
        customer({
          set,
          unset: event.data.cleared.map((name) => `customFields.${encodeFieldKey(name)}`),
        }),
      ];
    }
    case 'customers.InteractionRecorded':
      return [customer({ inc: { 'interactions.count': 1 } })];
    case 'customers.PurchaseRecorded': {
      const d = event.data;
      const month = d.purchasedAt.slice(0, 7);
      return [
        customer({
          inc: {
            'purchases.count': 1,
            [`purchases.totalsMinor.${d.currency}`]: d.amountMinor,
            [`purchases.months.${month}.count`]: 1,
            [`purchases.months.${month}.minor.${d.currency}`]: d.amountMinor,
          },
        }),
      ];
    }
    // Net of Sales' cancellations and refunds (ADR 0470): the decider recorded each once with what it
    // takes off, so the totals and the purchase's month net exactly (a cancelled order to zero).
    case 'customers.PurchaseCancelled': {
      const d = event.data;
      const month = d.purchasedAt.slice(0, 7);
      return [
        customer({
          inc: {
            'purchases.count': -1,
            [`purchases.totalsMinor.${d.currency}`]: -d.amountMinor,
            [`purchases.months.${month}.count`]: -1,
            [`purchases.months.${month}.minor.${d.currency}`]: -d.amountMinor,
          },
        }),
      ];
    }
    case 'customers.PurchaseRefunded': {
      const d = event.data;
      const month = d.purchasedAt.slice(0, 7);
      return [
        customer({
          inc: {
            [`purchases.totalsMinor.${d.currency}`]: -d.amountMinor,
            [`purchases.months.${month}.minor.${d.currency}`]: -d.amountMinor,
          },
        }),
      ];
    }
    case 'customers.ConsentGranted':
      return [
        customer({
          set: {
            [`consents.${event.data.channel}`]: {
              granted: true,
              source: event.data.source,
              since: event.data.grantedAt,
            },
          },
        }),
      ];
    case 'customers.ConsentWithdrawn':
      return [
        customer({
          set: {
            [`consents.${event.data.channel}`]: {
              granted: false,
              source: event.data.source,
              since: event.data.withdrawnAt,
            },
          },
        }),
      ];
    case 'customers.CustomerMerged':
      return [
        customer({
          set: {
            [`mergedFrom.${encodeFieldKey(event.data.mergedCustomerId)}`]:
              event.data.mergedCustomerId,
          },
        }),
      ];
    case 'customers.CustomerMergedInto':
      return [
        customer({ set: { status: 'merged', survivorCustomerId: event.data.survivorCustomerId } }),
      ];
    case 'customers.PersonalDataErased':
      return [
        customer({ set: { status: 'erased' }, unset: PERSONAL_FIELDS }),
        ...(event.data.contactIds ?? []).map((contactId) =>
          remove(CUSTOMER_SEARCH_MODEL, tokenId(customerId, contactId)),
        ),
      ];
    default: {
      const unknown: never = event;
      void unknown;
      return [];
    }
  }
}

export const customer360Projection = defineProjection({
  name: CUSTOMER_360_PROJECTION,
  version: 1,
  eventTypes: [...CUSTOMER_EVENT_TYPES],
  readModels: [CUSTOMER_360_MODEL, CUSTOMER_SEARCH_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [CUSTOMER_360_MODEL]: [
      { fields: { tenantId: 1, status: 1, _id: 1 } },
      // Search lists newest first, within a tenant: the query's own sort, so the two cannot drift.
      { fields: { tenantId: 1, ...SEARCH_ORDER } },
      { fields: { tenantId: 1, 'search.firstName': 1 } },
      { fields: { tenantId: 1, 'search.lastName': 1 } },
      { fields: { tenantId: 1, 'search.legalName': 1 } },
      { fields: { tenantId: 1, ownerUserId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
      { fields: { tenantId: 1, 'search.region': 1 } },
    ],
    [CUSTOMER_SEARCH_MODEL]: [{ fields: { tenantId: 1, value: 1 } }, { fields: { customerId: 1 } }],
  },
  project: projectCustomer360,
});
