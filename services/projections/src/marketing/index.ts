// The Marketing projections. They read the raw store (marketing events carry no personal data).
import { marketingAttributionProjection } from '@crm/marketing-read-models';
import type { ProjectionDefinition } from '@crm/read-models';
import { marketingAudienceProjection } from './marketing-audience.projection';
import { marketingSegmentMembersProjection } from './marketing-segment-members.projection';
import { marketingRfmModelsProjection } from './marketing-rfm-models.projection';
import { marketingCampaignsProjection } from './marketing-campaigns.projection';
import { marketingSegmentsProjection } from './marketing-segments.projection';
import { marketingTemplatesProjection } from './marketing-templates.projection';
import { marketingJourneyFunnelsProjection } from './marketing-journey-funnels.projection';
import { marketingCustomerTouchesProjection } from './marketing-customer-touches.projection';

export {
  marketingAudienceProjection,
  projectMarketingAudience,
} from './marketing-audience.projection';
export { projectSegmentMember } from './marketing-segment-members.projection';
export { projectMarketingCampaign } from './marketing-campaigns.projection';
export { projectMarketingSegment } from './marketing-segments.projection';
export { projectMarketingTemplate } from './marketing-templates.projection';
export { projectJourneyFunnel } from './marketing-journey-funnels.projection';
export { projectCustomerTouch } from './marketing-customer-touches.projection';

export const MARKETING_PROJECTIONS: readonly ProjectionDefinition[] = [
  marketingSegmentsProjection,
  marketingTemplatesProjection,
  marketingCampaignsProjection,
  marketingAudienceProjection,
  marketingSegmentMembersProjection,
  marketingRfmModelsProjection,
  marketingJourneyFunnelsProjection,
  marketingCustomerTouchesProjection,
  marketingAttributionProjection,
];
