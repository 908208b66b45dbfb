// How loyalty-service failures read at the API (translated by grpc/context-errors.ts): conflicts
// with the service's reason, NOT_FOUND naming the loyalty member.
import { type ContextErrorVocabulary } from '../grpc/context-errors';

export const LOYALTY_ERRORS: ContextErrorVocabulary = {
  serviceLabel: 'loyalty',
  conflicts: new Set([
    'MEMBER_ALREADY_ENROLLED',
    'ORDER_ALREADY_EARNED',
    'RESERVATION_ALREADY_EXISTS',
    'ADJUSTMENT_ALREADY_APPLIED',
    'IDEMPOTENCY_KEY_REUSED',
    'CONCURRENCY_CONFLICT',
  ]),
  notFound: { MEMBER_NOT_ENROLLED: 'Loyalty member' },
};
