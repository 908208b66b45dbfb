// How the gateway translates the service-desk service's typed errors (proto ErrorDetail codes).
import { type ContextErrorVocabulary } from '../grpc/context-errors';

export const SERVICE_DESK_ERRORS: ContextErrorVocabulary = {
  conflicts: new Set([
    'TICKET_ALREADY_EXISTS',
    'IDEMPOTENCY_KEY_REUSED',
    'CONCURRENCY_CONFLICT',
    'SURVEY_ALREADY_ANSWERED',
  ]),
  notFoundSubject: (code) =>
    code === 'TICKET_NOT_FOUND' ? 'Ticket' : code === 'ARTICLE_NOT_FOUND' ? 'Article' : 'Record',
};
