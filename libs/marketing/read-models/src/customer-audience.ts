// The members of a segment, read from the customers context's public customer profile read model
// (projection `customer-360`, model `customer_360`, resolved to its serving collection) with the
// segment filter the caller compiled from the rule (segmentFilter of @crm/marketing-domain: ADR 0190). Only live profiles (prospect, active, inactive) are members;
// merged and erased ones never are. Consent is NOT part of membership: it is checked per recipient
// at send time.
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';

export const CUSTOMER_PROFILE_PROJECTION = 'customer-360';
export const CUSTOMER_PROFILE_MODEL = 'customer_360';
export const LIVE_STATUSES = ['prospect', 'active', 'inactive'];

/** A segment's compiled filter (built from fixed paths and operators only: segment-filter.ts). */
export type CompiledSegmentFilter = Readonly<Record<string, unknown>>;

/** What a send needs of one member, beside the fields the rule reads. */
export interface AudienceMember {
  readonly customerId: string;
  readonly email: string | undefined;
  readonly emailConsent: boolean;
  readonly mergeData: {
    readonly firstName?: string;
    readonly lastName?: string;
    readonly companyName?: string;
    readonly region?: string;
  };
}

/** The fields of a customer profile (customer_360) that segments and sends read. */
export interface CustomerProfileDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly kind: 'person' | 'company';
  readonly status?: string;
  readonly demographics?: { readonly region?: string };
  readonly tags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly customFields?: Readonly<Record<string, string | number | boolean>>;
  readonly consents?: Readonly<
    Partial<Record<'email' | 'sms' | 'phone' | 'push', { readonly granted: boolean }>>
  >;
  readonly purchases?: {
    readonly totalsMinor?: Readonly<Record<string, number>>;
    readonly months?: Readonly<Record<string, { readonly count: number }>>;
  };
  readonly person?: { readonly firstName?: string; readonly lastName?: string };
  readonly company?: { readonly legalName?: string };
  readonly contacts?: Readonly<Record<string, { readonly kind: string; readonly email?: string }>>;
  readonly primaryContacts?: { readonly email?: string };
}

function primaryEmail(doc: CustomerProfileDocument): string | undefined {
  const contacts = doc.contacts ?? {};
  const primary = doc.primaryContacts?.email;
  const chosen =
    (primary !== undefined && Object.hasOwn(contacts, primary) ? contacts[primary] : undefined) ??
    Object.values(contacts).find((c) => c.kind === 'email' && c.email);
  return chosen?.email;
}

function memberOf(doc: CustomerProfileDocument): AudienceMember {
  const region = doc.demographics?.region;
  const mergeData: AudienceMember['mergeData'] = {
    ...(doc.person?.firstName ? { firstName: doc.person.firstName } : {}),
    ...(doc.person?.lastName ? { lastName: doc.person.lastName } : {}),
    ...(doc.company?.legalName ? { companyName: doc.company.legalName } : {}),
    ...(region ? { region } : {}),
  };
  return {
    customerId: doc._id,
    email: primaryEmail(doc),
    emailConsent: doc.consents?.email?.granted === true,
    mergeData,
  };
}

export class CustomerAudience {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  private filter(tenantId: string, segment: CompiledSegmentFilter) {
    return { $and: [{ tenantId: { $eq: tenantId } }, { status: { $in: LIVE_STATUSES } }, segment] };
  }

  /** The segment's members now, in id order. */
  async members(tenantId: string, segment: CompiledSegmentFilter): Promise<AudienceMember[]> {
    const collection = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    const docs = await collection.find(this.filter(tenantId, segment)).sort({ _id: 1 }).toArray();
    return docs.map((doc) => memberOf(doc));
  }

  /** One live customer as a send sees them; null when the tenant has no such live customer. */
  async member(tenantId: string, customerId: string): Promise<AudienceMember | null> {
    const collection = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    const doc = await collection.findOne({
      _id: { $eq: customerId },
      tenantId: { $eq: tenantId },
      status: { $in: LIVE_STATUSES },
    });
    return doc ? memberOf(doc) : null;
  }

  /** How many members the segment has now (the preview before saving). */
  async count(tenantId: string, segment: CompiledSegmentFilter): Promise<number> {
    const collection = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    return collection.countDocuments(this.filter(tenantId, segment));
  }
}
