// Marketing domain: segment rules (parse, compile to a MongoDB filter, evaluate with reasons),
// templates (Liquid + MJML), and the Segment, Template, Campaign and Subscription deciders with
// their typed errors and limits. No framework, no I/O, no clock.
export * from './marketing.limits';
export * from './errors';
export * from './streams';
export * from './segment/segment-rule';
export * from './segment/segment-rule.parser';
export * from './segment/segment-filter';
export * from './segment/segment-evaluation';
export * from './segment/segment.decider';
export * from './template/merge-fields';
export * from './template/template-rendering';
export * from './template/template.decider';
export * from './campaign/campaign.events';
export * from './campaign/campaign.commands';
export * from './campaign/campaign.decider';
export * from './campaign/variant-test';
export * from './subscription/subscription.decider';
export * from './journeys/journey-definition';
export * from './journeys/journey-birthday';
export * from './journeys/journey.events';
export * from './journeys/journey-catalogue.decider';
export * from './journeys/journey-participation.decider';
export * from './journeys/ready-made-journeys';
export * from './attribution/attribution';
export * from './attribution/attribution.deciders';
export * from './membership/segment-membership.decider';
export * from './rfm/rfm';
export * from './rfm/rfm-model.decider';
export * from './delivery/send-limits';
export * from './delivery/channels';
export * from './signed-link';
export * from './delivery/sending-policy';
