// Commands of the Customer aggregate: imperative. Commands from callers arrive clean and typed: the
// service's parsers (and the CSV import, through the same parsers) clean their text once (ADR 0375,
// ADR 0425); the decider checks the rules that need the customer's state. Custom field values stay
// input, checked against the tenant's definitions the handler loads. `now` is the decision time
// from the composition root's clock: the decider never reads a clock itself. Each command's `data`
// minus `now` is what identifies "the same command" for idempotency.
import type {
  CustomFieldDefinition,
  CustomFieldValueInput,
} from '../custom-fields/custom-field-definitions.types';
import type { PostalAddressInput } from '../values/address';
import type { BankCard } from '../values/bank-card';
import type {
  CustomerRegistered,
  DemographicsSet,
  InteractionRecorded,
  ProfileUpdated,
  PurchaseCancelled,
  PurchaseRecorded,
  PurchaseRefunded,
} from './customer.events';
import type { RegisteredCustomer } from './customer.state';
import type { ValidContact } from './customer.validation';
import type { ChannelLink, ConsentChannel, SettableStatus, Tag } from './customer.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** A command on one customer: its data names the customer. */
type OnCustomer<Type extends string, Data> = Command<Type, { readonly customerId: string } & Data>;

export type ContactInput = {
  readonly contactId: string;
  readonly label?: string;
  readonly primary?: boolean;
} & (
  | { readonly kind: 'email' | 'phone'; readonly value: string }
  | { readonly kind: 'address'; readonly value: PostalAddressInput }
);

/** A clean registration: the registered facts, valid contacts, the channel and the owner. */
export type RegisterCustomer = OnCustomer<
  'RegisterCustomer',
  Pick<CustomerRegistered['data'], 'kind' | 'person' | 'company' | 'nationalId'> & {
    readonly contacts: readonly ValidContact[];
    readonly acquiredVia?: ChannelLink;
    readonly ownerUserId?: string;
    readonly teamId?: string;
    readonly initialStatus?: 'prospect' | 'active';
  }
>;

/** A clean profile patch: a given field is the new value, `null` clears it, an absent one stays. */
export type UpdateProfile = OnCustomer<
  'UpdateProfile',
  {
    readonly person?: Pick<ProfileUpdated['data'], 'firstName' | 'lastName' | 'nationalId'>;
    readonly company?: Pick<
      ProfileUpdated['data'],
      'legalName' | 'industry' | 'size' | 'registrationNumber'
    >;
    readonly bankCard?: BankCard | null;
  }
>;

export type ChangeLifecycleStatus = OnCustomer<
  'ChangeLifecycleStatus',
  { readonly status: SettableStatus; readonly reason?: string }
>;

/** `null` unassigns. */
export type AssignOwner = OnCustomer<
  'AssignOwner',
  { readonly ownerUserId: string | null; readonly teamId: string | null }
>;

/** A valid contact (the parser runs `validateContact`). */
export type AddContact = OnCustomer<'AddContact', { readonly contact: ValidContact }>;

type ContactRef = { readonly contactId: string };
export type SetPrimaryContact = OnCustomer<'SetPrimaryContact', ContactRef>;
export type RemoveContact = OnCustomer<'RemoveContact', ContactRef>;
export type RecordChannel = OnCustomer<'RecordChannel', { readonly channel: ChannelLink }>;

/** Clean demographics (the birthday checked against the time received). */
export type SetDemographics = OnCustomer<
  'SetDemographics',
  Omit<DemographicsSet['data'], 'customerId'>
>;

/** Clean, distinct tags (at most LIMITS.tagsPerKind × kinds per request). */
type Tags = { readonly tags: readonly Tag[] };
export type TagCustomer = OnCustomer<'TagCustomer', Tags>;
export type UntagCustomer = OnCustomer<'UntagCustomer', Tags>;

export type SetCustomFieldValues = OnCustomer<
  'SetCustomFieldValues',
  {
    readonly values: readonly CustomFieldValueInput[];
    /** The tenant's current definitions, loaded by the handler from the definitions aggregate. */
    readonly definitions: Readonly<Record<string, CustomFieldDefinition>>;
  }
>;

/** A time a command may leave out: the decider takes `now` (the time received) instead. */
type AtOrNow<Data, Time extends keyof Data> = Omit<Data, Time> & {
  readonly [K in Time]?: Data[K];
} & { readonly now: string };

/** What a new interaction records. */
export type RecordInteraction = OnCustomer<
  'RecordInteraction',
  AtOrNow<
    Omit<InteractionRecorded['data'], 'customerId' | 'mergedFrom' | 'dataSubjectId'>,
    'occurredAt'
  >
>;

/** What a new purchase records (cleaned by `parsePurchase`). */
export type RecordPurchase = OnCustomer<
  'RecordPurchase',
  AtOrNow<Omit<PurchaseRecorded['data'], 'customerId' | 'mergedFrom'>, 'purchasedAt'>
>;

/** Sales cancelled a recorded order (sales event `salesEventId`). */
export type CancelPurchase = OnCustomer<
  'CancelPurchase',
  Pick<PurchaseCancelled['data'], 'orderId' | 'salesEventId' | 'cancelledAt'>
>;

/** Sales refunded part or all of a recorded order (sales event `salesEventId`), cleaned by `parseRefund`. */
export type RefundPurchase = OnCustomer<
  'RefundPurchase',
  Pick<
    PurchaseRefunded['data'],
    'orderId' | 'salesEventId' | 'amountMinor' | 'currency' | 'refundedAt'
  >
>;

/** A clean consent statement; made `at`, else when received (`now`). */
type ConsentStatement = AtOrNow<
  { readonly channel: ConsentChannel; readonly source: string; readonly at: string },
  'at'
>;
export type GrantConsent = OnCustomer<'GrantConsent', ConsentStatement>;
export type WithdrawConsent = OnCustomer<'WithdrawConsent', ConsentStatement>;

/** Step 1 of a merge, on the customer that disappears: closes its stream. */
export type CloseAsMergedInto = OnCustomer<
  'CloseAsMergedInto',
  { readonly survivorCustomerId: string; readonly reason?: string }
>;

/** Step 2 of a merge, on the survivor: copies the merged customer's facts (its state as closed). */
export type AbsorbMergedCustomer = OnCustomer<
  'AbsorbMergedCustomer',
  { readonly merged: RegisteredCustomer; readonly reason?: string }
>;

/**
 * One imported row as one atomic decision: registration plus demographics, tags, custom fields and
 * consents. Either the whole row is valid and becomes one append, or it is rejected with every
 * violation (no partial customer).
 */
export type ImportCustomer = OnCustomer<
  'ImportCustomer',
  {
    readonly registration: Omit<RegisterCustomer['data'], 'customerId'>;
    readonly demographics?: Omit<SetDemographics['data'], 'customerId'>;
    readonly tags: readonly Tag[];
    readonly customFields: readonly CustomFieldValueInput[];
    readonly definitions: Readonly<Record<string, CustomFieldDefinition>>;
    readonly consents: readonly { readonly channel: ConsentChannel; readonly granted: boolean }[];
    /** e.g. `import:<importId>`. */
    readonly consentSource: string;
    readonly now: string;
  }
>;

export type ErasePersonalData = OnCustomer<
  'ErasePersonalData',
  {
    readonly reason?: string;
    /** The whole merge group erased together (this id included), recorded on the event. */
    readonly erasedCustomerIds?: readonly string[];
  }
>;

export type CustomerCommand =
  | RegisterCustomer
  | UpdateProfile
  | ChangeLifecycleStatus
  | AssignOwner
  | AddContact
  | SetPrimaryContact
  | RemoveContact
  | RecordChannel
  | SetDemographics
  | TagCustomer
  | UntagCustomer
  | SetCustomFieldValues
  | RecordInteraction
  | RecordPurchase
  | CancelPurchase
  | RefundPurchase
  | GrantConsent
  | WithdrawConsent
  | CloseAsMergedInto
  | AbsorbMergedCustomer
  | ImportCustomer
  | ErasePersonalData;
