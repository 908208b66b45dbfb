// Events of the Customer aggregate (stream `customers.Customer-<customerId>`). Type names are
// persisted and published: never rename one; evolve payloads by adding optional fields or an
// upcaster. Personal fields (encrypted per customer) are declared in libs/contracts/src/customers.
import type { CustomFieldValue } from '../custom-fields/custom-field-definitions.types';
import type { BankCard } from '../values/bank-card';
import type { PostalAddress } from '../values/address';
import type {
  AcquisitionChannel,
  CompanySize,
  ConsentChannel,
  ContactKind,
  CustomerKind,
  Gender,
  IncomeBand,
  InteractionDirection,
  InteractionKind,
  PurchaseItem,
  SettableStatus,
  Tag,
} from './customer.types';

interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type CustomerRegistered = Event<
  'customers.CustomerRegistered',
  {
    readonly customerId: string;
    readonly kind: CustomerKind;
    readonly person?: { readonly firstName: string; readonly lastName: string };
    readonly company?: {
      readonly legalName: string;
      readonly industry?: string;
      readonly size?: CompanySize;
      readonly registrationNumber?: string;
    };
    /** Personal (encrypted). Normalised: upper-case letters and digits. */
    readonly nationalId?: string;
    readonly status: 'prospect' | 'active';
    /**
     * An imported row's facts decided with the registration, carried here instead of as their own
     * events (ADR 0340; registration-facts.ts). Each stands for the event it replaces, in order:
     * a ContactAdded per contact (value personal), a ChannelRecorded, a DemographicsSet.
     */
    readonly contacts?: readonly RegisteredContact[];
    readonly channel?: Omit<ChannelRecorded['data'], 'customerId'>;
    readonly demographics?: Omit<DemographicsSet['data'], 'customerId' | 'dataSubjectId'>;
  }
>;

/** A contact registered with its customer: a ContactAdded's data without the customer id. */
export type RegisteredContact = Omit<ContactAdded['data'], 'customerId' | 'dataSubjectId'>;

/** Only the present keys changed; `null` clears an optional value. */
export type ProfileUpdated = Event<
  'customers.ProfileUpdated',
  {
    readonly customerId: string;
    readonly firstName?: string;
    readonly lastName?: string;
    readonly nationalId?: string | null;
    readonly legalName?: string;
    readonly industry?: string | null;
    readonly size?: CompanySize | null;
    readonly registrationNumber?: string | null;
    readonly bankCard?: BankCard | null;
    /** Set on copies made by a merge: whose personal data this is (its key encrypts it). */
    readonly dataSubjectId?: string;
  }
>;

export type ContactAdded = Event<
  'customers.ContactAdded',
  {
    readonly customerId: string;
    readonly contactId: string;
    readonly contactKind: ContactKind;
    /** Personal (encrypted): the normalised email, E.164 phone or postal address. */
    readonly value: string | PostalAddress;
    readonly label?: string;
    readonly primary: boolean;
    /** Set on copies made by a merge: whose personal data this is (its key encrypts it). */
    readonly dataSubjectId?: string;
  }
>;

export type PrimaryContactSet = Event<
  'customers.PrimaryContactSet',
  { readonly customerId: string; readonly contactId: string; readonly contactKind: ContactKind }
>;

export type ContactRemoved = Event<
  'customers.ContactRemoved',
  {
    readonly customerId: string;
    readonly contactId: string;
    readonly contactKind: ContactKind;
    /** The contact that became primary because the removed one was. */
    readonly promotedContactId?: string;
  }
>;

export type ChannelRecorded = Event<
  'customers.ChannelRecorded',
  {
    readonly customerId: string;
    readonly channel: AcquisitionChannel;
    readonly externalId?: string;
    readonly detail?: string;
  }
>;

export type DemographicsSet = Event<
  'customers.DemographicsSet',
  {
    readonly customerId: string;
    /** Personal (encrypted). */
    readonly birthday?: string;
    readonly gender?: Gender;
    readonly occupation?: string;
    readonly incomeBand?: IncomeBand;
    readonly region?: string;
    /** Set on copies made by a merge: whose personal data this is (its key encrypts it). */
    readonly dataSubjectId?: string;
  }
>;

export type CustomerTagged = Event<
  'customers.CustomerTagged',
  { readonly customerId: string; readonly tags: readonly Tag[] }
>;
export type CustomerUntagged = Event<
  'customers.CustomerUntagged',
  { readonly customerId: string; readonly tags: readonly Tag[] }
>;

export type OwnerAssigned = Event<
  'customers.OwnerAssigned',
  {
    readonly customerId: string;
    readonly ownerUserId: string | null;
    readonly teamId: string | null;
  }
>;

export type LifecycleStatusChanged = Event<
  'customers.LifecycleStatusChanged',
  {
    readonly customerId: string;
    readonly from: SettableStatus;
    readonly to: SettableStatus;
    readonly reason?: string;
  }
>;

export type CustomFieldValuesSet = Event<
  'customers.CustomFieldValuesSet',
  {
    readonly customerId: string;
    /** Personal (encrypted as a whole): tenants may put anything about the person here. */
    readonly values: Readonly<Record<string, CustomFieldValue>>;
    readonly cleared: readonly string[];
    /** Set on copies made by a merge: whose personal data this is (its key encrypts it). */
    readonly dataSubjectId?: string;
  }
>;

export type InteractionRecorded = Event<
  'customers.InteractionRecorded',
  {
    readonly customerId: string;
    readonly interactionId: string;
    readonly kind: InteractionKind;
    readonly direction?: InteractionDirection;
    readonly occurredAt: string;
    /** Personal (encrypted): free text about the person. */
    readonly subject?: string;
    /** Personal (encrypted). */
    readonly notes?: string;
    readonly outcome?: string;
    readonly performedBy: string;
    /** Set when the interaction was copied from a merged customer. */
    readonly mergedFrom?: string;
    /** Set on copies made by a merge: whose personal data this is (its key encrypts it). */
    readonly dataSubjectId?: string;
  }
>;

export type PurchaseRecorded = Event<
  'customers.PurchaseRecorded',
  {
    readonly customerId: string;
    readonly orderId: string;
    readonly items: readonly PurchaseItem[];
    readonly amount: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly channel: AcquisitionChannel;
    readonly purchasedAt: string;
    readonly mergedFrom?: string;
  }
>;

/**
 * Sales cancelled an order recorded as a purchase: it no longer counts. `amountMinor` is what the
 * purchase still counted (its amount less earlier refunds), so totals net to zero; `purchasedAt` is
 * the purchase's, so per-month aggregates net in the month they were counted. `salesEventId` is the
 * sales event recorded (once).
 */
export type PurchaseCancelled = Event<
  'customers.PurchaseCancelled',
  {
    readonly customerId: string;
    readonly orderId: string;
    readonly salesEventId: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly purchasedAt: string;
    readonly cancelledAt: string;
    readonly mergedFrom?: string;
  }
>;

/**
 * Sales refunded part or all of an order recorded as a purchase: `amount`/`amountMinor` is what
 * the purchase counts less, at most what it still counted. `salesEventId` is the sales event
 * recorded (once).
 */
export type PurchaseRefunded = Event<
  'customers.PurchaseRefunded',
  {
    readonly customerId: string;
    readonly orderId: string;
    readonly salesEventId: string;
    readonly amount: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly purchasedAt: string;
    readonly refundedAt: string;
    readonly mergedFrom?: string;
  }
>;

export type ConsentGranted = Event<
  'customers.ConsentGranted',
  {
    readonly customerId: string;
    readonly channel: ConsentChannel;
    readonly source: string;
    readonly grantedAt: string;
  }
>;

export type ConsentWithdrawn = Event<
  'customers.ConsentWithdrawn',
  {
    readonly customerId: string;
    readonly channel: ConsentChannel;
    readonly source: string;
    readonly withdrawnAt: string;
  }
>;

/** On the survivor: it absorbed `mergedCustomerId`; the copied facts follow as their own events. */
export type CustomerMerged = Event<
  'customers.CustomerMerged',
  { readonly customerId: string; readonly mergedCustomerId: string; readonly reason?: string }
>;

/** On the merged customer: its stream is closed; `survivorCustomerId` holds its data from now on. */
export type CustomerMergedInto = Event<
  'customers.CustomerMergedInto',
  { readonly customerId: string; readonly survivorCustomerId: string; readonly reason?: string }
>;

/**
 * The person's data key is shredded right after this event; no personal data follows. The ids of
 * the contacts and interactions that held personal data are listed (opaque ids, not personal) so
 * consumers can scrub per-item copies without remembering them. Merged records are one person:
 * every customer of the merge group gets this event and `erasedCustomerIds` names them all.
 */
export type PersonalDataErased = Event<
  'customers.PersonalDataErased',
  {
    readonly customerId: string;
    readonly reason?: string;
    readonly contactIds?: readonly string[];
    readonly interactionIds?: readonly string[];
    /** Every customer id erased with this one (the whole merge group, this id included). */
    readonly erasedCustomerIds?: readonly string[];
  }
>;

export type CustomerEvent =
  | CustomerRegistered
  | ProfileUpdated
  | ContactAdded
  | PrimaryContactSet
  | ContactRemoved
  | ChannelRecorded
  | DemographicsSet
  | CustomerTagged
  | CustomerUntagged
  | OwnerAssigned
  | LifecycleStatusChanged
  | CustomFieldValuesSet
  | InteractionRecorded
  | PurchaseRecorded
  | PurchaseCancelled
  | PurchaseRefunded
  | ConsentGranted
  | ConsentWithdrawn
  | CustomerMerged
  | CustomerMergedInto
  | PersonalDataErased;

export type CustomerEventType = CustomerEvent['type'];

/** Every event type of the Customer aggregate, for registries and subscriptions. */
export const CUSTOMER_EVENT_TYPES = [
  'customers.CustomerRegistered',
  'customers.ProfileUpdated',
  'customers.ContactAdded',
  'customers.PrimaryContactSet',
  'customers.ContactRemoved',
  'customers.ChannelRecorded',
  'customers.DemographicsSet',
  'customers.CustomerTagged',
  'customers.CustomerUntagged',
  'customers.OwnerAssigned',
  'customers.LifecycleStatusChanged',
  'customers.CustomFieldValuesSet',
  'customers.InteractionRecorded',
  'customers.PurchaseRecorded',
  'customers.PurchaseCancelled',
  'customers.PurchaseRefunded',
  'customers.ConsentGranted',
  'customers.ConsentWithdrawn',
  'customers.CustomerMerged',
  'customers.CustomerMergedInto',
  'customers.PersonalDataErased',
] as const satisfies readonly CustomerEventType[];

// Compile-time proof that the list names every event type.
type Missing = Exclude<CustomerEventType, (typeof CUSTOMER_EVENT_TYPES)[number]>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;
