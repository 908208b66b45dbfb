// Public contracts of the Customers context (topic crm.customers.events): one JSON Schema per event
// type and version. Personal fields are marked with `personal(...)`: on the topic they are
// ciphertext objects (or "[erased]"), readable only with the per-customer key.
import type { ContextContracts, EventContract, JsonSchema } from '../event-contract';
import {
  ACQUISITION_CHANNELS,
  COMPANY_SIZES,
  CONSENT_CHANNELS,
  SETTABLE_STATUSES,
  calendarDate,
  customFieldDefinition,
  customFieldValue,
  enumOf,
  id,
  instant,
  nullable,
  object,
  personal,
  postalAddress,
  purchaseItem,
  tag,
  text,
} from './customers-schema-parts';

const customerId = id;
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';

function v1(
  type: string,
  description: string,
  dataSchema: JsonSchema,
  example: unknown,
): EventContract {
  return {
    type: `customers.${type}`,
    schemaVersion: 1,
    description,
    dataSchema,
    examples: [example],
  };
}

const contactKind = enumOf(['email', 'phone', 'address']);
/** On copies made by a merge: the customer whose personal data (and key) it is; see ADR 0060. */
const dataSubjectId = id;

// The parts of ContactAdded, ChannelRecorded and DemographicsSet, also carried inside an imported
// CustomerRegistered (ADR 0340), where each part means the event it stands for.
const contactFields = {
  contactId: id,
  contactKind,
  value: personal({ anyOf: [text(254), postalAddress] }),
  label: text(50),
  primary: { type: 'boolean' },
};
const CONTACT_REQUIRED = ['contactId', 'contactKind', 'value', 'primary'];
const channelFields = { channel: enumOf(ACQUISITION_CHANNELS), externalId: id, detail: text() };
const demographicsFields = {
  birthday: personal(calendarDate),
  gender: enumOf(['female', 'male', 'diverse', 'undisclosed']),
  occupation: text(),
  incomeBand: enumOf(['low', 'lower_middle', 'middle', 'upper_middle', 'high']),
  region: text(),
};

export const CUSTOMERS_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'CustomerRegistered',
    'A person or company became a customer (prospect or active). Contacts, channel and owner follow as their own events, except for an imported row: its contacts, channel and demographics are carried here (`contacts`, `channel`, `demographics`), each meaning the ContactAdded, ChannelRecorded and DemographicsSet it stands for, in that order.',
    object(
      {
        customerId,
        kind: enumOf(['person', 'company']),
        person: object({ firstName: personal(text()), lastName: personal(text()) }, [
          'firstName',
          'lastName',
        ]),
        company: object(
          {
            legalName: text(),
            industry: text(),
            size: enumOf(COMPANY_SIZES),
            registrationNumber: id,
          },
          ['legalName'],
        ),
        nationalId: personal({ type: 'string', pattern: '^[A-Z0-9]{4,32}$' }),
        status: enumOf(['prospect', 'active']),
        contacts: { type: 'array', items: object(contactFields, CONTACT_REQUIRED) },
        channel: object(channelFields, ['channel']),
        demographics: object(demographicsFields, []),
      },
      ['customerId', 'kind', 'status'],
    ),
    {
      customerId: CUSTOMER,
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      status: 'prospect',
    },
  ),
  v1(
    'ProfileUpdated',
    'Profile fields changed; only the changed keys are present, null clears an optional value.',
    object(
      {
        customerId,
        firstName: personal(text()),
        lastName: personal(text()),
        nationalId: nullable(personal({ type: 'string', pattern: '^[A-Z0-9]{4,32}$' })),
        legalName: text(),
        industry: nullable(text()),
        size: nullable(enumOf(COMPANY_SIZES)),
        registrationNumber: nullable(id),
        bankCard: nullable(
          personal(
            object(
              {
                number: { type: 'string', pattern: '^\\d{12,19}$' },
                last4: { type: 'string', pattern: '^\\d{4}$' },
              },
              ['number', 'last4'],
            ),
          ),
        ),
        dataSubjectId,
      },
      ['customerId'],
    ),
    { customerId: CUSTOMER, lastName: 'King' },
  ),
  v1(
    'ContactAdded',
    'An email (lower-cased), phone (E.164) or postal address was added; primary marks the preferred one of its kind.',
    object({ customerId, ...contactFields, dataSubjectId }, ['customerId', ...CONTACT_REQUIRED]),
    {
      customerId: CUSTOMER,
      contactId: 'c1',
      contactKind: 'email',
      value: 'ada@example.com',
      primary: true,
    },
  ),
  v1(
    'PrimaryContactSet',
    'Another contact became the primary one of its kind.',
    object({ customerId, contactId: id, contactKind }, ['customerId', 'contactId', 'contactKind']),
    { customerId: CUSTOMER, contactId: 'c2', contactKind: 'email' },
  ),
  v1(
    'ContactRemoved',
    'A contact was removed; when it was primary, promotedContactId names the new primary of its kind.',
    object({ customerId, contactId: id, contactKind, promotedContactId: id }, [
      'customerId',
      'contactId',
      'contactKind',
    ]),
    { customerId: CUSTOMER, contactId: 'c1', contactKind: 'email', promotedContactId: 'c2' },
  ),
  v1(
    'ChannelRecorded',
    'The customer is known in a channel (came from it), with the id the channel uses for them.',
    object({ customerId, ...channelFields }, ['customerId', 'channel']),
    { customerId: CUSTOMER, channel: 'online_store', externalId: 'shop-4711' },
  ),
  v1(
    'DemographicsSet',
    'Demographics were replaced as a whole; absent keys are unknown.',
    object({ customerId, ...demographicsFields, dataSubjectId }, ['customerId']),
    { customerId: CUSTOMER, gender: 'female', region: 'DE-BE' },
  ),
  v1(
    'CustomerTagged',
    'Tags (labels, interests, buying motives) were added.',
    object({ customerId, tags: { type: 'array', minItems: 1, items: tag } }, [
      'customerId',
      'tags',
    ]),
    { customerId: CUSTOMER, tags: [{ kind: 'interest', value: 'hiking' }] },
  ),
  v1(
    'CustomerUntagged',
    'Tags were removed.',
    object({ customerId, tags: { type: 'array', minItems: 1, items: tag } }, [
      'customerId',
      'tags',
    ]),
    { customerId: CUSTOMER, tags: [{ kind: 'label', value: 'vip' }] },
  ),
  v1(
    'OwnerAssigned',
    'The owning sales rep and team changed; null means unassigned.',
    object({ customerId, ownerUserId: nullable(id), teamId: nullable(id) }, [
      'customerId',
      'ownerUserId',
      'teamId',
    ]),
    { customerId: CUSTOMER, ownerUserId: 'rep-1', teamId: null },
  ),
  v1(
    'LifecycleStatusChanged',
    'The customer moved between prospect, active and inactive.',
    object(
      {
        customerId,
        from: enumOf(SETTABLE_STATUSES),
        to: enumOf(SETTABLE_STATUSES),
        reason: text(500),
      },
      ['customerId', 'from', 'to'],
    ),
    { customerId: CUSTOMER, from: 'prospect', to: 'active' },
  ),
  v1(
    'CustomFieldValuesSet',
    'Tenant-defined custom field values were set (values, encrypted as a whole) or cleared (names).',
    object(
      {
        customerId,
        values: personal({ type: 'object', additionalProperties: customFieldValue }),
        cleared: { type: 'array', items: { type: 'string' } },
        dataSubjectId,
      },
      ['customerId', 'values', 'cleared'],
    ),
    { customerId: CUSTOMER, values: { loyaltyNo: 'AB123' }, cleared: [] },
  ),
  v1(
    'InteractionRecorded',
    'A call, email, meeting, chat or visit with the customer; mergedFrom is set on copies made by a merge.',
    object(
      {
        customerId,
        interactionId: id,
        kind: enumOf(['call', 'email', 'meeting', 'chat', 'visit']),
        direction: enumOf(['inbound', 'outbound']),
        occurredAt: instant,
        subject: personal(text()),
        notes: personal(text(10_000)),
        outcome: text(),
        performedBy: id,
        mergedFrom: id,
        dataSubjectId,
      },
      ['customerId', 'interactionId', 'kind', 'occurredAt', 'performedBy'],
    ),
    {
      customerId: CUSTOMER,
      interactionId: 'i1',
      kind: 'call',
      occurredAt: '2024-06-01T12:00:00.000Z',
      performedBy: 'rep-1',
    },
  ),
  v1(
    'PurchaseRecorded',
    'An order of the customer; amount is a decimal string with two digits, amountMinor the same in minor units.',
    object(
      {
        customerId,
        orderId: id,
        items: { type: 'array', maxItems: 500, items: purchaseItem },
        amount: { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' },
        amountMinor: { type: 'integer' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        channel: enumOf(ACQUISITION_CHANNELS),
        purchasedAt: instant,
        mergedFrom: id,
      },
      [
        'customerId',
        'orderId',
        'items',
        'amount',
        'amountMinor',
        'currency',
        'channel',
        'purchasedAt',
      ],
    ),
    {
      customerId: CUSTOMER,
      orderId: 'o-1',
      items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: '129.90' }],
      amount: '129.90',
      amountMinor: 12990,
      currency: 'EUR',
      channel: 'online_store',
      purchasedAt: '2024-05-01T08:00:00.000Z',
    },
  ),
  v1(
    'PurchaseCancelled',
    'Sales cancelled an order recorded as a purchase (sales event salesEventId, recorded once): it no longer counts. ' +
      "amountMinor is what the purchase still counted (its amount less earlier refunds); purchasedAt is the purchase's.",
    object(
      {
        customerId,
        orderId: id,
        salesEventId: id,
        amountMinor: { type: 'integer', minimum: 0 },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        purchasedAt: instant,
        cancelledAt: instant,
        mergedFrom: id,
      },
      [
        'customerId',
        'orderId',
        'salesEventId',
        'amountMinor',
        'currency',
        'purchasedAt',
        'cancelledAt',
      ],
    ),
    {
      customerId: CUSTOMER,
      orderId: 'o-1',
      salesEventId: '0190b000-0000-7000-8000-0000000000c1',
      amountMinor: 12990,
      currency: 'EUR',
      purchasedAt: '2024-05-01T08:00:00.000Z',
      cancelledAt: '2024-05-01T09:00:00.000Z',
    },
  ),
  v1(
    'PurchaseRefunded',
    'Sales refunded part or all of an order recorded as a purchase (sales event salesEventId, recorded once): the ' +
      'purchase counts amount (decimal string, two digits; amountMinor in minor units) less, at most what it still counted.',
    object(
      {
        customerId,
        orderId: id,
        salesEventId: id,
        amount: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
        amountMinor: { type: 'integer', minimum: 1 },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        purchasedAt: instant,
        refundedAt: instant,
        mergedFrom: id,
      },
      [
        'customerId',
        'orderId',
        'salesEventId',
        'amount',
        'amountMinor',
        'currency',
        'purchasedAt',
        'refundedAt',
      ],
    ),
    {
      customerId: CUSTOMER,
      orderId: 'o-1',
      salesEventId: '0190b000-0000-7000-8000-0000000000c2',
      amount: '30.00',
      amountMinor: 3000,
      currency: 'EUR',
      purchasedAt: '2024-05-01T08:00:00.000Z',
      refundedAt: '2024-05-03T10:00:00.000Z',
    },
  ),
  v1(
    'ConsentGranted',
    'The customer agreed to marketing on a channel, at grantedAt, via source.',
    object({ customerId, channel: enumOf(CONSENT_CHANNELS), source: text(), grantedAt: instant }, [
      'customerId',
      'channel',
      'source',
      'grantedAt',
    ]),
    {
      customerId: CUSTOMER,
      channel: 'email',
      source: 'web-form:newsletter',
      grantedAt: '2024-06-01T12:00:00.000Z',
    },
  ),
  v1(
    'ConsentWithdrawn',
    'The customer withdrew (or refused) marketing on a channel.',
    object(
      { customerId, channel: enumOf(CONSENT_CHANNELS), source: text(), withdrawnAt: instant },
      ['customerId', 'channel', 'source', 'withdrawnAt'],
    ),
    {
      customerId: CUSTOMER,
      channel: 'email',
      source: 'unsubscribe-link',
      withdrawnAt: '2024-06-01T12:00:00.000Z',
    },
  ),
  v1(
    'CustomerMerged',
    'This customer (the survivor) absorbed mergedCustomerId; copies of its facts follow as ordinary events.',
    object({ customerId, mergedCustomerId: id, reason: text(500) }, [
      'customerId',
      'mergedCustomerId',
    ]),
    { customerId: CUSTOMER, mergedCustomerId: '0190a000-0000-7000-8000-000000000002' },
  ),
  v1(
    'CustomerMergedInto',
    'This customer was merged into survivorCustomerId; its stream is closed.',
    object({ customerId, survivorCustomerId: id, reason: text(500) }, [
      'customerId',
      'survivorCustomerId',
    ]),
    { customerId: '0190a000-0000-7000-8000-000000000002', survivorCustomerId: CUSTOMER },
  ),
  v1(
    'PersonalDataErased',
    'The customer\'s personal data was erased (their key shredded): earlier personal fields now read as "[erased]". ' +
      'contactIds and interactionIds name the items that held personal data, so consumers can scrub their copies. ' +
      'Merged records are one person: every customer of the merge group gets this event, and erasedCustomerIds names them all.',
    object(
      {
        customerId,
        reason: text(500),
        contactIds: { type: 'array', items: id },
        interactionIds: { type: 'array', items: id },
        erasedCustomerIds: { type: 'array', items: id },
      },
      ['customerId'],
    ),
    { customerId: CUSTOMER, reason: 'GDPR request 12', contactIds: ['c1'], interactionIds: [] },
  ),
  v1(
    'CustomFieldDeclared',
    'The tenant declared a custom field for customers (stream customers.CustomFieldDefinitions-<tenantId>).',
    customFieldDefinition,
    {
      name: 'loyaltyNo',
      label: 'Loyalty number',
      fieldType: 'string',
      validation: { required: false, maxLength: 20 },
    },
  ),
  v1(
    'CustomFieldRedeclared',
    "A custom field's label or validation changed (its type never changes).",
    customFieldDefinition,
    {
      name: 'loyaltyNo',
      label: 'Card number',
      fieldType: 'string',
      validation: { required: false, maxLength: 20 },
    },
  ),
];

export const customersContracts: ContextContracts = {
  context: 'customers',
  description:
    'Customers: people and companies, their contacts, channels, demographics, tags, owner, lifecycle, custom fields, ' +
    'interactions, purchases and marketing consent; merges and erasure of personal data.',
  events: CUSTOMERS_EVENT_CONTRACTS,
};
