// What the service-desk resolver needs: the service's gRPC client and the agent queue queries (real
// ones wired in gateway-infrastructure.ts; tests may wire others through the same ports).
import type { ServiceDeskQueries } from '@crm/service-desk-read-models';
import type { ContextGrpcClient } from '../grpc/context-grpc.client';

export type ServiceDeskClient = Pick<ContextGrpcClient, 'call'>;
export type ServiceDeskReadModels = Pick<
  ServiceDeskQueries,
  | 'queue'
  | 'ticket'
  | 'article'
  | 'articles'
  | 'searchArticles'
  | 'csatResults'
  | 'npsResult'
  | 'slaDashboard'
  | 'lastSatisfactionOf'
  | 'careTasks'
  | 'autoReplyDeflection'
>;
export const SERVICE_DESK_CLIENT = Symbol('SERVICE_DESK_CLIENT');
export const SERVICE_DESK_READ_MODELS = Symbol('SERVICE_DESK_READ_MODELS');

/** Where the gateway runs without the service desk (tests of other contexts): every use fails. */
const notConfigured = (what: string) => () =>
  Promise.reject(new Error(`the service-desk ${what} is not configured`));
const noReadModels = notConfigured('read models');

export const SERVICE_DESK_NOT_CONFIGURED: ServiceDeskClient & ServiceDeskReadModels = {
  call: notConfigured('service'),
  queue: noReadModels,
  ticket: noReadModels,
  article: noReadModels,
  articles: noReadModels,
  searchArticles: noReadModels,
  csatResults: noReadModels,
  npsResult: noReadModels,
  slaDashboard: noReadModels,
  lastSatisfactionOf: noReadModels,
  careTasks: noReadModels,
  autoReplyDeflection: noReadModels,
};
