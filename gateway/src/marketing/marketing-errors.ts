// The marketing service's error vocabulary for translateContextError (gateway/src/grpc/context-errors).
import { translateContextError, type ContextErrorVocabulary } from '../grpc/context-errors';

export const MARKETING_ERRORS: ContextErrorVocabulary = {
  conflicts: new Set(['ALREADY_EXISTS', 'IDEMPOTENCY_KEY_REUSED', 'CONCURRENCY_CONFLICT']),
  notFoundSubject: () => 'Marketing record',
};

export function translateMarketingError(error: unknown, subjectId = ''): unknown {
  return translateContextError(error, MARKETING_ERRORS, subjectId);
}
