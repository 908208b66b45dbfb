// GraphQL enums of the customers API and their mapping to the proto enums of
// proto/customers.proto, whose values are the GraphQL name prefixed with the enum's name
// (`LifecycleStatus.ACTIVE` ⇄ `LIFECYCLE_STATUS_ACTIVE`).
import { registerEnumType } from '@nestjs/graphql';

export enum CustomerKind {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
}
export enum CustomerStatus {
  PROSPECT = 'PROSPECT',
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  ERASED = 'ERASED',
  MERGED = 'MERGED',
}
export enum LifecycleStatus {
  PROSPECT = 'PROSPECT',
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
export enum CompanySize {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
  ENTERPRISE = 'ENTERPRISE',
}
export enum AcquisitionChannel {
  ONLINE_STORE = 'ONLINE_STORE',
  OFFLINE_STORE = 'OFFLINE_STORE',
  WEB_FORM = 'WEB_FORM',
  SOCIAL = 'SOCIAL',
  EVENT = 'EVENT',
  IMPORT = 'IMPORT',
}
export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  DIVERSE = 'DIVERSE',
  UNDISCLOSED = 'UNDISCLOSED',
}
export enum IncomeBand {
  LOW = 'LOW',
  LOWER_MIDDLE = 'LOWER_MIDDLE',
  MIDDLE = 'MIDDLE',
  UPPER_MIDDLE = 'UPPER_MIDDLE',
  HIGH = 'HIGH',
}
export enum TagKind {
  LABEL = 'LABEL',
  INTEREST = 'INTEREST',
  BUYING_MOTIVE = 'BUYING_MOTIVE',
}
export enum ConsentChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  PHONE = 'PHONE',
  PUSH = 'PUSH',
}
export enum ContactKind {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  ADDRESS = 'ADDRESS',
}
export enum CustomFieldType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BOOLEAN = 'BOOLEAN',
  DATE = 'DATE',
  ENUM = 'ENUM',
}
export enum InteractionKind {
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  MEETING = 'MEETING',
  CHAT = 'CHAT',
  VISIT = 'VISIT',
}
export enum InteractionDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
export enum ConsentDecisionReason {
  GRANTED = 'GRANTED',
  NEVER_GRANTED = 'NEVER_GRANTED',
  WITHDRAWN = 'WITHDRAWN',
  NO_CONTACT_POINT = 'NO_CONTACT_POINT',
  CUSTOMER_ERASED = 'CUSTOMER_ERASED',
  CUSTOMER_MERGED = 'CUSTOMER_MERGED',
  CUSTOMER_NOT_FOUND = 'CUSTOMER_NOT_FOUND',
}
export enum DuplicateMatch {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  NATIONAL_ID = 'NATIONAL_ID',
  EXTERNAL_ID = 'EXTERNAL_ID',
}
export enum DuplicatePolicy {
  LINK_EXISTING = 'LINK_EXISTING',
  REJECT = 'REJECT',
}
export enum ImportState {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

const registrations: [object, string, string][] = [
  [CustomerKind, 'CustomerKind', 'A person or a company.'],
  [
    CustomerStatus,
    'CustomerStatus',
    'Where the customer is in its lifecycle; ERASED and MERGED are final.',
  ],
  [LifecycleStatus, 'LifecycleStatus', 'The statuses a user may set.'],
  [
    CompanySize,
    'CompanySize',
    'MICRO 1-9, SMALL 10-49, MEDIUM 50-249, LARGE 250-999, ENTERPRISE 1000+ employees.',
  ],
  [AcquisitionChannel, 'AcquisitionChannel', 'Where a customer came from or bought.'],
  [Gender, 'Gender', 'As stated by the customer.'],
  [IncomeBand, 'IncomeBand', 'Coarse income band.'],
  [TagKind, 'TagKind', 'LABEL: free label; INTEREST; BUYING_MOTIVE.'],
  [ConsentChannel, 'ConsentChannel', 'A marketing channel that needs consent.'],
  [ContactKind, 'ContactKind', 'The kind of a contact point.'],
  [CustomFieldType, 'CustomFieldType', 'Type of a tenant-defined custom field.'],
  [InteractionKind, 'InteractionKind', 'How the interaction happened.'],
  [InteractionDirection, 'InteractionDirection', 'Who initiated the interaction.'],
  [ConsentDecisionReason, 'ConsentDecisionReason', 'Why checkConsent answered as it did.'],
  [DuplicateMatch, 'DuplicateMatch', 'The identifier two customers share.'],
  [
    DuplicatePolicy,
    'DuplicatePolicy',
    'What an import does with a row matching an existing customer.',
  ],
  [ImportState, 'ImportState', 'Progress of an import.'],
];
for (const [enumRef, name, description] of registrations)
  registerEnumType(enumRef, { name, description });

/** `toProtoEnum('LIFECYCLE_STATUS', 'ACTIVE')` → `'LIFECYCLE_STATUS_ACTIVE'`; undefined → `<PREFIX>_UNSPECIFIED`. */
/** `E`, the generated proto enum type, is inferred from where the value goes. */
export function toProtoEnum<E extends string | number = string>(
  prefix: string,
  value: string | undefined | null,
): E {
  return `${prefix}_${value ?? 'UNSPECIFIED'}` as E;
}

/** The inverse of toProtoEnum; null for UNSPECIFIED, unknown prefixes or values not in `allowed`. */
export function fromProtoEnum<T extends string>(
  prefix: string,
  value: unknown,
  allowed: Record<string, T>,
): T | null {
  if (typeof value !== 'string' || !value.startsWith(`${prefix}_`)) return null;
  const name = value.slice(prefix.length + 1);
  return (Object.values(allowed) as string[]).includes(name) ? (name as T) : null;
}
