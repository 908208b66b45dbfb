// The marketing read models in MongoDB: names and document shapes. Written by the projections in
// services/projections/src/marketing, read by the queries of this library. Ids are chosen by
// clients per tenant, so documents are keyed `<tenantId>|<id>`.
export const MARKETING_SEGMENTS_PROJECTION = 'marketing-segments';
export const MARKETING_SEGMENTS_MODEL = 'marketing_segments';
export const MARKETING_TEMPLATES_PROJECTION = 'marketing-templates';
export const MARKETING_TEMPLATES_MODEL = 'marketing_templates';
export const MARKETING_CAMPAIGNS_PROJECTION = 'marketing-campaigns';
export const MARKETING_CAMPAIGNS_MODEL = 'marketing_campaigns';
export const MARKETING_JOURNEY_FUNNELS_PROJECTION = 'marketing-journey-funnels';
export const MARKETING_JOURNEY_FUNNELS_MODEL = 'marketing_journey_funnels';

export const marketingDocumentId = (tenantId: string, id: string): string => `${tenantId}|${id}`;

export interface SegmentDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly segmentId: string;
  readonly name: string;
  /** JSON text of the rule (a rule's keys are not valid MongoDB field names in general). */
  readonly ruleJson: string;
  readonly definedAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface TemplateDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly templateId: string;
  readonly name: string;
  readonly locales: readonly string[];
  readonly createdAt: string;
  readonly version: number;
}

export type CampaignStatusValue = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

export interface CampaignDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly campaignId: string;
  readonly name: string;
  readonly segmentId: string;
  readonly templateId: string;
  readonly locale: string;
  readonly status: CampaignStatusValue;
  readonly sendAt?: string;
  readonly audienceSize?: number;
  readonly sentCount?: number;
  readonly skippedCount?: number;
  /** Skip reason → count. */
  readonly skipped?: Readonly<Record<string, number>>;
  /** Recipients whose mail was opened (tracking pixel), each once. */
  readonly openedCount?: number;
  /** Tracked link clicks, each link once per recipient. */
  readonly clickedCount?: number;
  /** Recipients whose mail bounced (the provider's reports), and of them hard bounces. */
  readonly bouncedCount?: number;
  readonly hardBouncedCount?: number;
  /** A/B campaigns: the winning variant once chosen. */
  readonly winnerVariantId?: string;
  /** Test sends to a seed list before launch, and the last one's instant. */
  readonly testSendCount?: number;
  readonly lastTestSentAt?: string;
  readonly approvedAt?: string;
  readonly approvedBy?: string;
  /** Times the send waited on the tenant's quiet hours or cap, and the last wait (ADR 0385). */
  readonly deferralCount?: number;
  readonly deferredReason?: string;
  readonly deferredUntil?: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly version: number;
}

/** Counts of one step of a journey version: enrolments that went through it, and how. */
export interface JourneyFunnelStepCounts {
  readonly passed?: number;
  readonly sent?: number;
  readonly skipped?: number;
  readonly conditionHeld?: number;
  readonly conditionNotHeld?: number;
  /** Send steps: times a send waited on the tenant's quiet hours or cap (ADR 0385). */
  readonly deferred?: number;
}

/** One journey version's funnel (`<tenantId>|<journeyId>|<version>`): counts only, no customers. */
export interface JourneyFunnelDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly journeyId: string;
  readonly version: number;
  readonly entered?: number;
  /** Step id → counts. */
  readonly steps?: Readonly<Record<string, JourneyFunnelStepCounts>>;
  /** Ran out of steps. */
  readonly completed?: number;
  /** Reached the journey's goal (an exit step or an exitOn event): converted. */
  readonly converted?: number;
}

/**
 * Where the marketing service's FAKE channel sink records the SMS, push and social messages it
 * would have sent (docs/marketing.md#channels): one document per tenant, channel, source and
 * customer. Development and tests only; a real provider adapter records nothing here.
 */
export const CHANNEL_SINK_COLLECTION = 'marketing_channel_sink';

export interface SinkMessageDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly channel: 'sms' | 'push' | 'social';
  readonly sourceId: string;
  readonly customerId: string;
  readonly to: string;
  readonly text: string;
  readonly sentAt: string;
}
