// The query API of the marketing read models, for the gateway: segments, templates and campaigns
// with their delivery counts, and over the customers' profiles the count of a compiled segment
// filter and one customer's profile (the gateway evaluates the rule on it: "why is this customer in
// the segment"). Every call is tenant-scoped; ids are checked against a strict pattern before they
// reach a filter.
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  CustomerAudience,
  CUSTOMER_PROFILE_MODEL,
  CUSTOMER_PROFILE_PROJECTION,
  type CompiledSegmentFilter,
  type CustomerProfileDocument,
  type JoinedFactName,
  type JoinedFacts,
} from './customer-audience';
import { recentTouches, type CustomerTouchView } from './customer-touches';
import { segmentMembers, segmentsOfCustomer, type SegmentMembersView } from './segment-members';
import {
  MARKETING_CAMPAIGNS_MODEL,
  MARKETING_CAMPAIGNS_PROJECTION,
  MARKETING_JOURNEY_FUNNELS_MODEL,
  MARKETING_JOURNEY_FUNNELS_PROJECTION,
  MARKETING_SEGMENTS_MODEL,
  MARKETING_SEGMENTS_PROJECTION,
  MARKETING_TEMPLATES_MODEL,
  MARKETING_TEMPLATES_PROJECTION,
  CHANNEL_SINK_COLLECTION,
  marketingDocumentId,
  type SinkMessageDocument,
  type CampaignDocument,
  type JourneyFunnelDocument,
  type SegmentDocument,
  type TemplateDocument,
} from './marketing-read-model.documents';

const ID_KEY = /^[^\s/]{1,200}$/;
const LIST_LIMIT = 200;

export type SegmentView = Omit<SegmentDocument, '_id'>;
export type TemplateView = Omit<TemplateDocument, '_id'>;
export type CampaignView = Omit<CampaignDocument, '_id'>;
export type JourneyFunnelView = Omit<JourneyFunnelDocument, '_id'>;

function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...view } = doc;
  return view;
}

export class MarketingReadModelQueries {
  private readonly resolver: ReadModelResolver;
  private readonly audience: CustomerAudience;

  constructor(
    private readonly connection: Connection,
    resolver?: ReadModelResolver,
  ) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
    this.audience = new CustomerAudience(connection, this.resolver);
  }

  async segments(tenantId: string): Promise<SegmentView[]> {
    const docs = await (
      await this.resolver.collection<SegmentDocument>(
        MARKETING_SEGMENTS_PROJECTION,
        MARKETING_SEGMENTS_MODEL,
      )
    )
      .find({ tenantId: String(tenantId) }, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ definedAt: -1, _id: 1 })
      .limit(LIST_LIMIT)
      .toArray();
    return docs.map(withoutId);
  }

  async segment(tenantId: string, segmentId: string): Promise<SegmentView | null> {
    if (!ID_KEY.test(segmentId)) return null;
    const doc = await (
      await this.resolver.collection<SegmentDocument>(
        MARKETING_SEGMENTS_PROJECTION,
        MARKETING_SEGMENTS_MODEL,
      )
    ).findOne(
      { _id: marketingDocumentId(String(tenantId), segmentId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    return doc ? withoutId(doc) : null;
  }

  async templates(tenantId: string): Promise<TemplateView[]> {
    const docs = await (
      await this.resolver.collection<TemplateDocument>(
        MARKETING_TEMPLATES_PROJECTION,
        MARKETING_TEMPLATES_MODEL,
      )
    )
      .find({ tenantId: String(tenantId) }, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ createdAt: -1, _id: 1 })
      .limit(LIST_LIMIT)
      .toArray();
    return docs.map(withoutId);
  }

  async campaigns(tenantId: string): Promise<CampaignView[]> {
    const docs = await (
      await this.resolver.collection<CampaignDocument>(
        MARKETING_CAMPAIGNS_PROJECTION,
        MARKETING_CAMPAIGNS_MODEL,
      )
    )
      .find({ tenantId: String(tenantId) }, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ createdAt: -1, _id: 1 })
      .limit(LIST_LIMIT)
      .toArray();
    return docs.map(withoutId);
  }

  /** A customer's segments now and most recent marketing touches (the customer 360). */
  async customerMarketing(
    tenantId: string,
    customerId: string,
  ): Promise<{
    segments: { readonly segmentId: string; readonly since: string }[];
    recentTouches: CustomerTouchView[];
  }> {
    if (!ID_KEY.test(customerId)) return { segments: [], recentTouches: [] };
    const [segments, touches] = await Promise.all([
      segmentsOfCustomer(this.resolver, String(tenantId), customerId, LIST_LIMIT),
      recentTouches(this.resolver, String(tenantId), customerId, 10),
    ]);
    return { segments, recentTouches: touches };
  }

  /** The funnels of every version of one journey, newest version first. */
  async journeyFunnels(tenantId: string, journeyId: string): Promise<JourneyFunnelView[]> {
    if (!ID_KEY.test(journeyId)) return [];
    const docs = await (
      await this.resolver.collection<JourneyFunnelDocument>(
        MARKETING_JOURNEY_FUNNELS_PROJECTION,
        MARKETING_JOURNEY_FUNNELS_MODEL,
      )
    )
      .find(
        { tenantId: String(tenantId), journeyId: String(journeyId) },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ version: -1 })
      .limit(LIST_LIMIT)
      .toArray();
    return docs.map(withoutId);
  }

  async campaign(tenantId: string, campaignId: string): Promise<CampaignView | null> {
    if (!ID_KEY.test(campaignId)) return null;
    const doc = await (
      await this.resolver.collection<CampaignDocument>(
        MARKETING_CAMPAIGNS_PROJECTION,
        MARKETING_CAMPAIGNS_MODEL,
      )
    ).findOne(
      { _id: marketingDocumentId(String(tenantId), campaignId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    return doc ? withoutId(doc) : null;
  }

  /** How many customers a compiled segment filter selects now (consent is checked at send time). */
  previewCount(tenantId: string, segment: CompiledSegmentFilter): Promise<number> {
    return this.audience.count(tenantId, segment);
  }

  /** A segment's members now, or as of a past instant (ISO-8601): the count and the first ids. */
  segmentMembers(tenantId: string, segmentId: string, asOf?: string): Promise<SegmentMembersView> {
    return segmentMembers(this.resolver, String(tenantId), segmentId, {
      ...(asOf === undefined ? {} : { asOf }),
      limit: LIST_LIMIT,
    });
  }

  /** The tenant's RFM cut-offs of the given currencies. */
  rfmModels(tenantId: string, currencies: ReadonlySet<string>) {
    return this.audience.rfmModels(String(tenantId), currencies);
  }

  /** The tenant's RFM models, one per currency (configured or the nightly quintiles). */
  rfmModelList(tenantId: string) {
    return this.audience.rfmModelList(String(tenantId));
  }

  /** The joined facts (open opportunities, last CSAT) a rule reads, by customer id. */
  facts(tenantId: string, names: ReadonlySet<JoinedFactName>): Promise<JoinedFacts> {
    return this.audience.facts(String(tenantId), names);
  }

  /** One customer's profile as segments read it; null when the tenant has no such customer. */
  async customerProfile(
    tenantId: string,
    customerId: string,
  ): Promise<CustomerProfileDocument | null> {
    if (!ID_KEY.test(customerId)) return null;
    const profiles = await this.resolver.collection<CustomerProfileDocument>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
    return profiles.findOne({ _id: customerId, tenantId: String(tenantId) });
  }

  /** What the FAKE channel sink recorded for a campaign's SMS, push or social messages (newest first). */
  async sinkMessages(
    tenantId: string,
    sourceId: string,
  ): Promise<Omit<SinkMessageDocument, '_id'>[]> {
    if (!ID_KEY.test(sourceId)) return [];
    const docs = await this.connection
      .db!.collection<SinkMessageDocument>(CHANNEL_SINK_COLLECTION)
      .find({ tenantId: String(tenantId), sourceId })
      .sort({ sentAt: -1, _id: 1 })
      .limit(LIST_LIMIT)
      .toArray();
    return docs.map(withoutId);
  }
}
