// The members of a segment, read from marketing's own audience read model (projection
// `marketing-audience`, model `marketing_audience`: one document per customer, fed by the customers
// context's events and the sales and loyalty facts; ADR 0192) with the segment filter the caller
// compiled from the rule (segmentFilter of @crm/marketing-domain: ADR 0190). Facts kept per source
// record (open opportunities, the last CSAT) are joined by `facts()` before compiling. Only live
// profiles (prospect, active, inactive) are members; merged and erased ones never are. Consent is
// NOT part of membership: it is checked per recipient at send time.
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  MARKETING_AUDIENCE_MODEL,
  MARKETING_AUDIENCE_PROJECTION,
  MARKETING_AUDIENCE_RECORDS_MODEL,
  MARKETING_RFM_MODEL,
  MARKETING_RFM_PROJECTION,
  type AudienceRecordDocument,
  type RfmModelDocument,
} from './marketing-audience.documents';

/** The audience read model segments select from (kept under these names for existing callers). */
export const CUSTOMER_PROFILE_PROJECTION = MARKETING_AUDIENCE_PROJECTION;
export const CUSTOMER_PROFILE_MODEL = MARKETING_AUDIENCE_MODEL;
export const LIVE_STATUSES = ['prospect', 'active', 'inactive'];

/** A joined fact a rule may read (the marketing domain's AudienceFactName). */
export type JoinedFactName = 'openOpportunities' | 'lastCsat';
/** Joined facts by customer id (structurally the marketing domain's AudienceFacts). */
export type JoinedFacts = ReadonlyMap<
  string,
  { readonly openOpportunities?: number; readonly lastCsat?: number }
>;

/** A segment's compiled filter (built from fixed paths and operators only: segment-filter.ts). */
export type CompiledSegmentFilter = Readonly<Record<string, unknown>>;

/** What a send needs of one member, beside the fields the rule reads. */
export interface AudienceMember {
  readonly customerId: string;
  readonly email: string | undefined;
  readonly emailConsent: boolean;
  /** The addresses and consents of the other channels (docs/marketing.md#channels). */
  readonly phone: string | undefined;
  readonly smsConsent: boolean;
  readonly pushConsent: boolean;
  /** Custom fields `socialHandle` and `socialOptIn` (no social consent channel exists yet). */
  readonly socialHandle: string | undefined;
  readonly socialConsent: boolean;
  /**
   * The customer's own frequency cap, custom field `marketingFrequencyCap` ("N/D": at most N
   * marketing messages per channel in D days), as recorded; the service parses it.
   */
  readonly ownFrequencyCap: string | undefined;
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
  readonly categories?: Readonly<Record<string, { readonly lastPurchasedAt: string }>>;
  readonly loyalty?: { readonly tier?: string };
  readonly orders?: Readonly<
    Record<
      string,
      { readonly count?: number; readonly totalMinor?: number; readonly lastAt?: string }
    >
  >;
  readonly person?: { readonly firstName?: string; readonly lastName?: string };
  readonly company?: { readonly legalName?: string };
  readonly contacts?: Readonly<
    Record<string, { readonly kind: string; readonly email?: string; readonly phone?: string }>
  >;
  readonly primaryContacts?: { readonly email?: string; readonly phone?: string };
}

/** The primary contact of a kind, else the first of that kind with a value. */
function primaryContact(doc: CustomerProfileDocument, kind: 'email' | 'phone'): string | undefined {
  const contacts = doc.contacts ?? {};
  const primary = doc.primaryContacts?.[kind];
  const chosen =
    (primary !== undefined && Object.hasOwn(contacts, primary) ? contacts[primary] : undefined) ??
    Object.values(contacts).find((c) => c.kind === kind && c[kind]);
  return chosen?.[kind];
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
    email: primaryContact(doc, 'email'),
    emailConsent: doc.consents?.email?.granted === true,
    phone: primaryContact(doc, 'phone'),
    smsConsent: doc.consents?.sms?.granted === true,
    pushConsent: doc.consents?.push?.granted === true,
    socialHandle:
      typeof doc.customFields?.['socialHandle'] === 'string'
        ? doc.customFields['socialHandle']
        : undefined,
    socialConsent: doc.customFields?.['socialOptIn'] === true,
    ownFrequencyCap:
      typeof doc.customFields?.['marketingFrequencyCap'] === 'string'
        ? doc.customFields['marketingFrequencyCap']
        : undefined,
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

  /** The ids of the segment's members now, in id order (membership reconciliation). */
  async memberIds(tenantId: string, segment: CompiledSegmentFilter): Promise<string[]> {
    const collection = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    const docs = await collection
      .find(this.filter(tenantId, segment), { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map((doc) => doc._id);
  }

  /** Every live customer's order figures per currency (the nightly RFM run reads them). */
  async orderFigures(tenantId: string): Promise<NonNullable<CustomerProfileDocument['orders']>[]> {
    const collection = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    const docs = await collection
      .find(
        { tenantId: { $eq: tenantId }, status: { $in: LIVE_STATUSES }, orders: { $exists: true } },
        { projection: { orders: 1 } },
      )
      .toArray();
    return docs.map((doc) => doc.orders ?? {});
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

  /**
   * The joined facts of the tenant's customers that a rule reads (empty when it reads none):
   * open opportunities counted per customer, and the score of each customer's latest CSAT answer.
   */
  async facts(tenantId: string, names: ReadonlySet<JoinedFactName>): Promise<JoinedFacts> {
    const facts = new Map<string, { openOpportunities?: number; lastCsat?: number }>();
    if (names.size === 0) return facts;
    const records = await this.resolver.collection<AudienceRecordDocument>(
      MARKETING_AUDIENCE_PROJECTION,
      MARKETING_AUDIENCE_RECORDS_MODEL,
    );
    const of = (customerId: string) => {
      const fact = facts.get(customerId) ?? {};
      facts.set(customerId, fact);
      return fact;
    };
    if (names.has('openOpportunities')) {
      const open = records.find({
        tenantId: { $eq: tenantId },
        kind: { $eq: 'opportunity' },
        open: { $eq: true },
        customerId: { $exists: true },
      });
      for await (const record of open) {
        const fact = of(record.customerId as string);
        fact.openOpportunities = (fact.openOpportunities ?? 0) + 1;
      }
    }
    if (names.has('lastCsat')) {
      const answered = records
        .find({
          tenantId: { $eq: tenantId },
          kind: { $eq: 'ticket' },
          customerId: { $exists: true },
          csatAnsweredAt: { $exists: true },
        })
        .sort({ csatAnsweredAt: 1, _id: 1 });
      // Ascending: the latest answer of a customer is the one written last.
      for await (const record of answered) {
        if (typeof record.csatScore === 'number')
          of(record.customerId as string).lastCsat = record.csatScore;
      }
    }
    return facts;
  }

  /** The tenant's RFM cut-offs of the given currencies (structurally the domain's RfmModels). */
  async rfmModels(
    tenantId: string,
    currencies: ReadonlySet<string>,
  ): Promise<
    ReadonlyMap<string, Pick<RfmModelDocument, 'recencyDays' | 'frequency' | 'monetaryMinor'>>
  > {
    const models = new Map<
      string,
      Pick<RfmModelDocument, 'recencyDays' | 'frequency' | 'monetaryMinor'>
    >();
    if (currencies.size === 0) return models;
    const collection = await this.resolver.collection<RfmModelDocument>(
      MARKETING_RFM_PROJECTION,
      MARKETING_RFM_MODEL,
    );
    const docs = await collection
      .find({ tenantId: { $eq: tenantId }, currency: { $in: [...currencies] } })
      .toArray();
    for (const { currency, recencyDays, frequency, monetaryMinor } of docs)
      models.set(currency, { recencyDays, frequency, monetaryMinor });
    return models;
  }

  /** Every RFM model of the tenant (one per currency), in currency order. */
  async rfmModelList(tenantId: string): Promise<Omit<RfmModelDocument, '_id' | 'tenantId'>[]> {
    const collection = await this.resolver.collection<RfmModelDocument>(
      MARKETING_RFM_PROJECTION,
      MARKETING_RFM_MODEL,
    );
    const docs = await collection
      .find({ tenantId: { $eq: tenantId } })
      .sort({ currency: 1 })
      .toArray();
    return docs.map(({ currency, source, recencyDays, frequency, monetaryMinor, setAt }) => ({
      currency,
      source,
      recencyDays,
      frequency,
      monetaryMinor,
      setAt,
    }));
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
