// Stream names of the Marketing context: `<context>.<Aggregate>-<id>`.
export const MARKETING_CONTEXT = 'marketing';
export const SEGMENT_CATEGORY = 'marketing.Segment';
export const TEMPLATE_CATEGORY = 'marketing.Template';
export const CAMPAIGN_CATEGORY = 'marketing.Campaign';
/** One stream per customer: their marketing subscription (unsubscribes). */
export const SUBSCRIPTION_CATEGORY = 'marketing.Subscription';

export const segmentStreamId = (id: string): string => `${SEGMENT_CATEGORY}-${id}`;
export const templateStreamId = (id: string): string => `${TEMPLATE_CATEGORY}-${id}`;
export const campaignStreamId = (id: string): string => `${CAMPAIGN_CATEGORY}-${id}`;
export const subscriptionStreamId = (customerId: string): string =>
  `${SUBSCRIPTION_CATEGORY}-${customerId}`;
