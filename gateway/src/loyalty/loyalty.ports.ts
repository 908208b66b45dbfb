// What the loyalty resolvers need from outside: the service client and the read-model queries
// (real ones wired in gateway-infrastructure.ts; tests may wire others through the same ports).
import type { LoyaltyReadModelQueries } from '@crm/loyalty-read-models';
import type { ContextGrpcClient } from '../grpc/context-grpc.client';

export type LoyaltyClient = Pick<ContextGrpcClient, 'call'>;
export type LoyaltyReadModels = Pick<
  LoyaltyReadModelQueries,
  'member' | 'liability' | 'liabilityAsOf' | 'program' | 'memberIdByReferralCode' | 'tierMix'
>;
export const LOYALTY_CLIENT = Symbol('LOYALTY_CLIENT');
export const LOYALTY_READ_MODELS = Symbol('LOYALTY_READ_MODELS');

/** Where the gateway runs without the loyalty service (tests of other contexts): every use fails. */
export const LOYALTY_NOT_CONFIGURED: LoyaltyClient & LoyaltyReadModels = {
  call: () => Promise.reject(new Error('the loyalty service is not configured')),
  member: () => Promise.reject(new Error('the loyalty read models are not configured')),
  liability: () => Promise.reject(new Error('the loyalty read models are not configured')),
  liabilityAsOf: () => Promise.reject(new Error('the loyalty read models are not configured')),
  program: () => Promise.reject(new Error('the loyalty read models are not configured')),
  tierMix: () => Promise.reject(new Error('the loyalty read models are not configured')),
  memberIdByReferralCode: () =>
    Promise.reject(new Error('the loyalty read models are not configured')),
};
