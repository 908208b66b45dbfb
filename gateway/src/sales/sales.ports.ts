// What the sales resolvers need from outside: the service client and the read-model queries (real
// ones wired in gateway-infrastructure.ts; tests may wire others through the same ports).
import type { SalesReadModelQueries } from '@crm/sales-read-models';
import type { ContextGrpcClient } from '../grpc/context-grpc.client';

export type SalesClient = Pick<ContextGrpcClient, 'call'>;
export type SalesReadModels = Pick<
  SalesReadModelQueries,
  | 'leads'
  | 'lead'
  | 'pipelineColumns'
  | 'openOpportunitiesOfCustomer'
  | 'opportunity'
  | 'orders'
  | 'quotes'
  | 'quote'
  | 'activities'
  | 'forecastOpportunities'
  | 'forecastSubmissions'
  | 'contracts'
  | 'quotas'
  | 'notes'
>;
export const SALES_CLIENT = Symbol('SALES_CLIENT');
export const SALES_READ_MODELS = Symbol('SALES_READ_MODELS');

const notConfigured = (what: string) => () =>
  Promise.reject(new Error(`the sales ${what} is not configured`));

/** Where the gateway runs without the sales service (tests of other contexts): every use fails. */
export const SALES_NOT_CONFIGURED: SalesClient & SalesReadModels = {
  call: notConfigured('service'),
  leads: notConfigured('read model'),
  lead: notConfigured('read model'),
  pipelineColumns: notConfigured('read model'),
  openOpportunitiesOfCustomer: notConfigured('read model'),
  opportunity: notConfigured('read model'),
  orders: notConfigured('read model'),
  quotes: notConfigured('read model'),
  quote: notConfigured('read model'),
  activities: notConfigured('read model'),
  forecastOpportunities: notConfigured('read model'),
  forecastSubmissions: notConfigured('read model'),
  contracts: notConfigured('read model'),
  quotas: notConfigured('read model'),
  notes: notConfigured('read model'),
};
