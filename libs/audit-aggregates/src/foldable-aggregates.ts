// The deciders an auditor can fold, by stream category (the audit CLI and the gateway share it),
// for every context's aggregates. A category missing here still gets its events listed; its state is
// then reported as unknown rather than guessed. Each context adds its aggregates here as it lands.
import {
  CUSTOMER_CATEGORY,
  CUSTOM_FIELD_DEFINITIONS_CATEGORY,
  customFieldDefinitionsDecider,
  customerDecider,
} from '@crm/customers-domain';
import type { Decider, EnvelopeToDomainEvent } from '@crm/event-sourcing';
import { tryParseStreamId } from '@crm/event-sourcing';
import {
  MEMBER_CATEGORY,
  PROGRAM_CATEGORY,
  REFERRAL_CODE_CATEGORY,
  memberDecider,
  programDecider,
  referralCodeDecider,
} from '@crm/loyalty-domain';
import {
  CAMPAIGN_CATEGORY,
  SEGMENT_CATEGORY,
  SUBSCRIPTION_CATEGORY,
  TEMPLATE_CATEGORY,
  campaignDecider,
  segmentDecider,
  subscriptionDecider,
  templateDecider,
} from '@crm/marketing-domain';
import {
  ACTIVITY_CATEGORY,
  FORECAST_CATEGORY,
  LEAD_CATEGORY,
  LEAD_SCORE_CATEGORY,
  LEAD_SCORING_MODEL_CATEGORY,
  OPPORTUNITY_CATEGORY,
  ORDER_CATEGORY,
  QUOTE_CATEGORY,
  activityDecider,
  forecastDecider,
  leadDecider,
  leadScoreDecider,
  leadScoringModelDecider,
  opportunityDecider,
  orderDecider,
  quoteDecider,
} from '@crm/sales-domain';
import {
  ARTICLE_CATEGORY,
  NPS_SURVEY_CATEGORY,
  TICKET_CATEGORY,
  articleDecider,
  npsDecider,
  ticketDecider,
} from '@crm/service-desk-domain';

export interface FoldableAggregate {
  readonly decider: Pick<Decider<unknown, never, unknown>, 'evolve' | 'initialState'>;
  readonly toDomainEvent: EnvelopeToDomainEvent<unknown>;
}

// Every context's deciders take the stored type and data as they are (no upcasters yet).
const asDomainEvent: EnvelopeToDomainEvent<unknown> = (e) => ({ type: e.type, data: e.data });

const DECIDERS: Readonly<Record<string, FoldableAggregate['decider']>> = {
  [CUSTOMER_CATEGORY]: customerDecider,
  [CUSTOM_FIELD_DEFINITIONS_CATEGORY]: customFieldDefinitionsDecider,
  [LEAD_CATEGORY]: leadDecider,
  [OPPORTUNITY_CATEGORY]: opportunityDecider,
  [ORDER_CATEGORY]: orderDecider,
  [QUOTE_CATEGORY]: quoteDecider,
  [ACTIVITY_CATEGORY]: activityDecider,
  [LEAD_SCORE_CATEGORY]: leadScoreDecider,
  [LEAD_SCORING_MODEL_CATEGORY]: leadScoringModelDecider,
  [FORECAST_CATEGORY]: forecastDecider,
  [TICKET_CATEGORY]: ticketDecider,
  [ARTICLE_CATEGORY]: articleDecider,
  [NPS_SURVEY_CATEGORY]: npsDecider,
  [PROGRAM_CATEGORY]: programDecider,
  [MEMBER_CATEGORY]: memberDecider,
  [REFERRAL_CODE_CATEGORY]: referralCodeDecider,
  [SEGMENT_CATEGORY]: segmentDecider,
  [TEMPLATE_CATEGORY]: templateDecider,
  [CAMPAIGN_CATEGORY]: campaignDecider,
  [SUBSCRIPTION_CATEGORY]: subscriptionDecider,
};

/** The categories an auditor can fold (for docs and tests). */
export const FOLDABLE_CATEGORIES: readonly string[] = Object.keys(DECIDERS);

export function foldableAggregate(streamId: string): FoldableAggregate | undefined {
  // The category is `<context>.<Aggregate>`; contexts may contain '-' (service-desk).
  const category = tryParseStreamId(streamId)?.category;
  const decider = category === undefined ? undefined : DECIDERS[category];
  return decider ? { decider, toDomainEvent: asDomainEvent } : undefined;
}
