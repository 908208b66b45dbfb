// The customer read models in MongoDB: names (projection + logical model, resolved to the serving
// physical collection by @crm/read-models) and document shapes. Written by the projections in
// services/projections/src/customers, read by the query functions of this library.
//
// Maps instead of arrays: projections write with $set/$unset of paths only (no read-modify-write),
// so sets are keyed maps: contacts by contact id, tags by kind and encoded value, and so on.

export const CUSTOMER_360_PROJECTION = 'customer-360';
export const CUSTOMER_360_MODEL = 'customer_360';
/** One document per searchable contact value (email, phone): prefix search with an index. */
export const CUSTOMER_SEARCH_MODEL = 'customer_search';
export const CUSTOMER_TIMELINE_PROJECTION = 'customer-timeline';
export const CUSTOMER_TIMELINE_MODEL = 'customer_timeline';

export type CustomerStatusValue = 'prospect' | 'active' | 'inactive' | 'merged' | 'erased';

export interface PostalAddressDocument {
  readonly line1: string;
  readonly line2?: string;
  readonly postalCode?: string;
  readonly city: string;
  readonly region?: string;
  readonly countryCode: string;
}

export interface ContactDocument {
  readonly kind: 'email' | 'phone' | 'address';
  readonly email?: string;
  readonly phone?: string;
  readonly address?: PostalAddressDocument;
  readonly label?: string;
  readonly addedAt: string;
}

export interface ChannelDocument {
  readonly channel: string;
  readonly externalId?: string;
  readonly detail?: string;
  readonly recordedAt: string;
}

export interface ConsentDocument {
  readonly granted: boolean;
  readonly source: string;
  readonly since: string;
}

export interface PurchaseMonthDocument {
  readonly count: number;
  /** Minor units per currency. */
  readonly minor?: Readonly<Record<string, number>>;
}

export interface Customer360Document {
  readonly _id: string;
  readonly tenantId: string;
  readonly kind: 'person' | 'company';
  readonly status: CustomerStatusValue;
  readonly survivorCustomerId?: string;
  /** Customers merged into this one (keys are customer ids). */
  readonly mergedFrom?: Readonly<Record<string, string>>;
  readonly person?: { readonly firstName?: string; readonly lastName?: string };
  readonly company?: {
    readonly legalName?: string;
    readonly industry?: string;
    readonly size?: string;
    readonly registrationNumber?: string;
  };
  readonly nationalIdLast4?: string;
  readonly bankCardLast4?: string;
  readonly contacts?: Readonly<Record<string, ContactDocument>>;
  /** Contact id of the primary contact per kind (it may point to a removed contact: then none). */
  readonly primaryContacts?: Readonly<Partial<Record<'email' | 'phone' | 'address', string>>>;
  readonly channels?: Readonly<Record<string, ChannelDocument>>;
  readonly demographics?: {
    readonly birthday?: string;
    readonly gender?: string;
    readonly occupation?: string;
    readonly incomeBand?: string;
    readonly region?: string;
  };
  /** kind → encoded value → value. */
  readonly tags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly ownerUserId?: string | null;
  readonly teamId?: string | null;
  readonly customFields?: Readonly<Record<string, string | number | boolean>>;
  readonly consents?: Readonly<
    Partial<Record<'email' | 'sms' | 'phone' | 'push', ConsentDocument>>
  >;
  readonly purchases?: {
    readonly count?: number;
    readonly totalsMinor?: Readonly<Record<string, number>>;
    /** YYYY-MM → count and spend of that month (for frequency, monetary and recency at query time). */
    readonly months?: Readonly<Record<string, PurchaseMonthDocument>>;
  };
  readonly interactions?: { readonly count?: number };
  /** Lower-cased name words (prefix search matches any word) and region. */
  readonly search?: {
    readonly firstName?: readonly string[];
    readonly lastName?: readonly string[];
    readonly legalName?: readonly string[];
    readonly region?: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Stream version of the last applied event. */
  readonly version: number;
}

export interface CustomerSearchDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly kind: 'email' | 'phone';
  /** Lower-cased email or E.164 phone. */
  readonly value: string;
}

export interface TimelineDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly entryType: 'interaction' | 'purchase';
  readonly occurredAt: string;
  /** `${occurredAt}|${_id}`: newest-first order with a unique tiebreak, and the page cursor. */
  readonly sortKey: string;
  readonly eventType: string;
  readonly actorUserId?: string;
  readonly mergedFrom?: string;
  readonly interaction?: {
    readonly interactionId: string;
    readonly kind: string;
    readonly direction?: string;
    readonly subject?: string;
    readonly notes?: string;
    readonly outcome?: string;
  };
  readonly purchase?: {
    readonly orderId: string;
    readonly items: readonly {
      readonly sku?: string;
      readonly name?: string;
      readonly category: string;
      readonly quantity: number;
      readonly unitPrice?: string;
    }[];
    readonly amount: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly channel: string;
  };
  /** Set when the customer's personal data was erased: subject and notes are gone. */
  readonly erased?: boolean;
}

/** Tag values are normalised like the domain does: trimmed, lower-case, single spaces. */
export function normaliseTagValue(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}
