// The loyalty service's error vocabulary for translateContextError (gateway/src/grpc/context-errors):
// NOT_FOUND names the member when not enrolled; these codes are conflicts whatever their status.
import { translateContextError, type ContextErrorVocabulary } from '../grpc/context-errors';

const LOYALTY_ERRORS: ContextErrorVocabulary = {
  conflicts: new Set([
    'MEMBER_ALREADY_ENROLLED',
    'ORDER_ALREADY_EARNED',
    'RESERVATION_ALREADY_EXISTS',
    'ADJUSTMENT_ALREADY_APPLIED',
    'IDEMPOTENCY_KEY_REUSED',
    'CONCURRENCY_CONFLICT',
  ]),
  notFoundSubject: (code) => (code === 'MEMBER_NOT_ENROLLED' ? 'Loyalty member' : 'Record'),
};

export function translateLoyaltyError(error: unknown, subjectId = ''): unknown {
  return translateContextError(error, LOYALTY_ERRORS, subjectId);
}
