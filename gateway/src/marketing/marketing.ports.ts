// What the marketing resolvers need from outside: the service client and the read-model queries
// (real ones wired in gateway-infrastructure.ts; tests may wire others through the same ports).
import type { MarketingReadModelQueries } from '@crm/marketing-read-models';
import type { ContextGrpcClient } from '../grpc/context-grpc.client';

export type MarketingClient = Pick<ContextGrpcClient, 'call'>;
export type MarketingReadModels = Pick<
  MarketingReadModelQueries,
  | 'segments'
  | 'segment'
  | 'templates'
  | 'campaigns'
  | 'campaign'
  | 'previewCount'
  | 'customerProfile'
  | 'facts'
  | 'segmentMembers'
  | 'rfmModels'
  | 'rfmModelList'
  | 'journeyFunnels'
  | 'customerMarketing'
  | 'sinkMessages'
>;
export const MARKETING_CLIENT = Symbol('MARKETING_CLIENT');
export const MARKETING_READ_MODELS = Symbol('MARKETING_READ_MODELS');

const notConfigured = (what: string) => () =>
  Promise.reject(new Error(`the marketing ${what} is not configured`));

/** Where the gateway runs without the marketing service (tests of other contexts): every use fails. */
export const MARKETING_NOT_CONFIGURED: MarketingClient & MarketingReadModels = {
  call: notConfigured('service'),
  segments: notConfigured('read model'),
  segment: notConfigured('read model'),
  templates: notConfigured('read model'),
  campaigns: notConfigured('read model'),
  campaign: notConfigured('read model'),
  previewCount: notConfigured('read model'),
  customerProfile: notConfigured('read model'),
  facts: notConfigured('read model'),
  segmentMembers: notConfigured('read model'),
  rfmModels: notConfigured('read model'),
  rfmModelList: notConfigured('read model'),
  journeyFunnels: notConfigured('read model'),
  customerMarketing: notConfigured('read model'),
  sinkMessages: notConfigured('read model'),
};
