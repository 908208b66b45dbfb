// The members of a segment, read from the customers context's public customer profile read model
// (projection `customer-360`, model `customer_360`, resolved to its serving collection) with the
// compiled segment filter (ADR 0190). Only live profiles (prospect, active, inactive) are members;
// merged and erased ones never are. Consent is NOT part of membership: it is checked per recipient
// at send time.
import {
  segmentFilter,
  type AudienceCustomer,
  type RecipientMergeData,
  type SegmentRule,
} from '@crm/marketing-domain';
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';

export const CUSTOMER_PROFILE_PROJECTION = 'customer-360';
export const CUSTOMER_PROFILE_MODEL = 'customer_360';
const LIVE_STATUSES = ['prospect', 'active', 'inactive'];

/** What a send needs of one member, beside the fields the rule reads. */
export interface AudienceMember {
  readonly customerId: string;
  readonly email: string | undefined;
  readonly emailConsent: boolean;
  readonly mergeData: RecipientMergeData;
}

interface ProfileDocument extends AudienceCustomer {
  readonly tenantId: string;
  readonly person?: { readonly firstName?: string; readonly lastName?: string };
  readonly company?: { readonly legalName?: string };
  readonly contacts?: Readonly<Record<string, { readonly kind: string; readonly email?: string }>>;
  readonly primaryContacts?: { readonly email?: string };
}

function primaryEmail(doc: ProfileDocument): string | undefined {
  const contacts = doc.contacts ?? {};
  const primary = doc.primaryContacts?.email;
  const chosen =
    (primary !== undefined && Object.hasOwn(contacts, primary) ? contacts[primary] : undefined) ??
    Object.values(contacts).find((c) => c.kind === 'email' && c.email);
  return chosen?.email;
}

function memberOf(doc: ProfileDocument): AudienceMember {
  const region = doc.demographics?.region;
  const mergeData: RecipientMergeData = {
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

  private filter(tenantId: string, rule: SegmentRule, now: Date) {
    return {
      $and: [
        { tenantId: { $eq: tenantId } },
        { status: { $in: LIVE_STATUSES } },
        segmentFilter(rule, now),
      ],
    };
  }

  /** The segment's members now, in id order. */
  async members(tenantId: string, rule: SegmentRule, now: Date): Promise<AudienceMember[]> {
    const collection = await this.resolver.collection<ProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    const docs = await collection
      .find(this.filter(tenantId, rule, now))
      .sort({ _id: 1 })
      .toArray();
    return docs.map((doc) => memberOf(doc as ProfileDocument));
  }

  /** How many members the segment has now (the preview before saving). */
  async count(tenantId: string, rule: SegmentRule, now: Date): Promise<number> {
    const collection = await this.resolver.collection<ProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    return collection.countDocuments(this.filter(tenantId, rule, now));
  }
}
