// What the service-desk resolver needs: the service's gRPC client and the agent queue queries (real
// ones wired in gateway-infrastructure.ts; tests may wire others through the same ports).
import type { ServiceDeskQueries } from '@crm/service-desk-read-models';
import type { ContextGrpcClient } from '../grpc/context-grpc.client';

export type ServiceDeskClient = Pick<ContextGrpcClient, 'call'>;
export type ServiceDeskReadModels = Pick<
  ServiceDeskQueries,
  'queue' | 'ticket' | 'article' | 'articles' | 'searchArticles'
>;
export const SERVICE_DESK_CLIENT = Symbol('SERVICE_DESK_CLIENT');
export const SERVICE_DESK_READ_MODELS = Symbol('SERVICE_DESK_READ_MODELS');

/** Where the gateway runs without the service desk (tests of other contexts): every use fails. */
export const SERVICE_DESK_NOT_CONFIGURED: ServiceDeskClient & ServiceDeskReadModels = {
  call: () => Promise.reject(new Error('the service-desk service is not configured')),
  queue: () => Promise.reject(new Error('the service-desk read models are not configured')),
  ticket: () => Promise.reject(new Error('the service-desk read models are not configured')),
  article: () => Promise.reject(new Error('the service-desk read models are not configured')),
  articles: () => Promise.reject(new Error('the service-desk read models are not configured')),
  searchArticles: () =>
    Promise.reject(new Error('the service-desk read models are not configured')),
};
