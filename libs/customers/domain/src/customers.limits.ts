// Every size limit of the customers context, defined once. The domain enforces them; the gateway
// shows them in GraphQL descriptions and docs/graphql.md lists them, all reading this object, so a
// limit cannot have two values (issue 9, item 8: tags were 100 vs 64 characters, purchase items
// 200 vs 500, ids 64 vs 200 in the gateway and the domain).
export const CUSTOMER_LIMITS = {
  /** Person first/last name, company legal name (characters). */
  name: 200,
  /** Other free text: industry, occupation, subject, outcome, consent source, address lines. */
  shortText: 200,
  /** Contact label ("work", "home"). */
  label: 50,
  /** Client-chosen ids: customer, contact, interaction, order, external, owner and team ids. */
  id: 200,
  /** One tag value. */
  tag: 64,
  /** Tags of one kind on a customer; a request may carry this many per kind. */
  tagsPerKind: 100,
  /** Contacts of one kind (email, phone, address) on a customer. */
  contactsPerKind: 20,
  /** Channels recorded on a customer. */
  channels: 100,
  /** Interaction notes. */
  notes: 10_000,
  /** Reasons (status change, merge, erasure). */
  reason: 500,
  /** Items of one purchase. */
  purchaseItems: 500,
  /** A custom STRING field's value unless its definition says less. */
  customFieldValue: 1000,
  /** Custom field definitions of a tenant. */
  customFieldsPerTenant: 200,
  /** Custom field values one request may set. */
  customFieldValuesPerRequest: 200,
  /** A custom STRING field's pattern (characters). */
  customFieldPattern: 500,
  /** Allowed values of a custom ENUM field (each at most `shortText` characters). */
  customFieldAllowedValues: 200,
} as const;
