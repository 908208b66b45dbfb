// The shapes proto-loader delivers for proto/customers.proto with the shared loader options
// (camelCase fields, enums as names, defaults filled, oneof names as virtual fields). Messages may
// be null when absent; scalars are always present thanks to `defaults: true`.

export interface RequestContextMessage {
  tenantId: string;
  actorUserId: string;
  actorRoles: string[];
  correlationId: string;
  idempotencyKey: string;
}

interface WithContext {
  ctx: RequestContextMessage | null;
}

export interface PostalAddressMessage {
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  region: string;
  countryCode: string;
}

export interface ContactInputMessage {
  email?: string;
  phone?: string;
  address?: PostalAddressMessage | null;
  value?: 'email' | 'phone' | 'address';
  label: string;
  primary: boolean;
  contactId: string;
}

export interface ChannelRefMessage {
  channel: string;
  externalId: string;
  detail: string;
}

export interface TagMessage {
  kind: string;
  value: string;
}

export interface RegisterCustomerRequest extends WithContext {
  customerId: string;
  person?: { firstName: string; lastName: string; nationalId: string } | null;
  company?: {
    legalName: string;
    industry: string;
    size: string;
    registrationNumber: string;
  } | null;
  details?: 'person' | 'company';
  contacts: ContactInputMessage[];
  acquiredVia: ChannelRefMessage | null;
  ownerUserId: string;
  teamId: string;
  initialStatus: string;
  defaultCountryCallingCode: string;
}

export interface UpdateProfileRequest extends WithContext {
  customerId: string;
  person?: { firstName?: string; lastName?: string; nationalId?: string } | null;
  company?: {
    legalName?: string;
    industry?: string;
    size?: string;
    registrationNumber?: string;
  } | null;
  patch?: 'person' | 'company';
  bankCardNumber?: string;
}

export interface ChangeLifecycleStatusRequest extends WithContext {
  customerId: string;
  status: string;
  reason: string;
}

export interface AssignOwnerRequest extends WithContext {
  customerId: string;
  ownerUserId: string;
  teamId: string;
}

export interface AddContactRequest extends WithContext {
  customerId: string;
  contact: ContactInputMessage | null;
  defaultCountryCallingCode: string;
}

export interface ContactRefRequest extends WithContext {
  customerId: string;
  contactId: string;
}

export interface RecordChannelRequest extends WithContext {
  customerId: string;
  channel: ChannelRefMessage | null;
}

export interface SetDemographicsRequest extends WithContext {
  customerId: string;
  birthday: string;
  gender: string;
  occupation: string;
  incomeBand: string;
  region: string;
}

export interface TagsRequest extends WithContext {
  customerId: string;
  tags: TagMessage[];
}

export interface CustomFieldValidationMessage {
  required: boolean;
  maxLength: number;
  pattern: string;
  min?: number;
  max?: number;
  integer: boolean;
  allowedValues: string[];
  minDate: string;
  maxDate: string;
}

export interface DeclareCustomFieldRequest extends WithContext {
  name: string;
  label: string;
  type: string;
  validation: CustomFieldValidationMessage | null;
}

export interface CustomFieldValueMessage {
  name: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  dateValue?: string;
  clear?: boolean;
  value?: 'stringValue' | 'numberValue' | 'boolValue' | 'dateValue' | 'clear';
}

export interface SetCustomFieldValuesRequest extends WithContext {
  customerId: string;
  values: CustomFieldValueMessage[];
}

export interface RecordInteractionRequest extends WithContext {
  customerId: string;
  interactionId: string;
  kind: string;
  direction: string;
  occurredAt: string;
  subject: string;
  notes: string;
  outcome: string;
  performedByUserId: string;
}

export interface RecordPurchaseRequest extends WithContext {
  customerId: string;
  orderId: string;
  items: { sku: string; name: string; category: string; quantity: number; unitPrice: string }[];
  amount: string;
  currency: string;
  channel: string;
  purchasedAt: string;
}

export interface ConsentRequest extends WithContext {
  customerId: string;
  channel: string;
  source: string;
  grantedAt?: string;
  withdrawnAt?: string;
}

export interface CheckConsentRequest extends WithContext {
  customerId: string;
  channel: string;
}

export interface FindDuplicateCandidatesRequest extends WithContext {
  customerId?: string;
  probe?: {
    emails: string[];
    phones: string[];
    nationalId: string;
    defaultCountryCallingCode: string;
  } | null;
  subject?: 'customerId' | 'probe';
  limit: number;
}

export interface MergeCustomersRequest extends WithContext {
  survivorCustomerId: string;
  mergedCustomerId: string;
  reason: string;
}

export interface ColumnMappingMessage {
  column: string;
  target: string;
}

export interface ImportOptionsMessage {
  delimiter: string;
  duplicatePolicy: string;
  defaultCountryCallingCode: string;
  channel: string;
  ownerUserId: string;
  teamId: string;
}

export interface StartImportRequest extends WithContext {
  importId: string;
  mapping: ColumnMappingMessage[];
  options: ImportOptionsMessage | null;
  csv: Buffer;
  fileName: string;
}

export interface ImportChunkMessage {
  start?: StartImportRequest | null;
  csvChunk?: Buffer;
  part?: 'start' | 'csvChunk';
}

export interface GetImportStatusRequest extends WithContext {
  importId: string;
  rejectedPageSize: number;
  rejectedPageToken: string;
}

export interface CustomerRefRequest extends WithContext {
  customerId: string;
  reason?: string;
}

export interface CommandResultMessage {
  aggregateId: string;
  streamVersion: number;
  replayed: boolean;
  createdId: string;
  eventTypes: string[];
  correlationId: string;
  erasedCustomerIds?: string[];
}
