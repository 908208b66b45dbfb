// The sales service's error vocabulary for translateContextError (gateway/src/grpc/context-errors).
import { translateContextError, type ContextErrorVocabulary } from '../grpc/context-errors';

const SALES_ERRORS: ContextErrorVocabulary = {
  conflicts: new Set(['ALREADY_EXISTS', 'IDEMPOTENCY_KEY_REUSED', 'CONCURRENCY_CONFLICT']),
  notFoundSubject: () => 'Sales record',
};

export function translateSalesError(error: unknown, subjectId = ''): unknown {
  return translateContextError(error, SALES_ERRORS, subjectId);
}
