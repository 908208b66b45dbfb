// Translates customers-service failures into client-safe GraphQL errors with stable codes
// (docs/graphql.md#errors) through the kit's translateContextError: service field paths
// (`contacts[0].email`) come back under the GraphQL argument (`input.contacts[0].email`); internal
// and unknown failures stay internal (the error formatter answers them with the correlation id).
import {
  translateContextError,
  type ContextErrorVocabulary,
  type ErrorPlacement,
} from '../../grpc/context-errors';

const NOT_FOUND_WHAT: Readonly<Record<string, string>> = {
  CUSTOMER_NOT_FOUND: 'Customer',
  TENANT_MISMATCH: 'Customer',
  CONTACT_NOT_FOUND: 'Contact',
  IMPORT_NOT_FOUND: 'Import',
};

export const CUSTOMERS_ERRORS: ContextErrorVocabulary = {
  // The service sends each of its codes with the matching status (services/customers grpc-errors).
  conflicts: new Set(),
  notFoundSubject: (code) => NOT_FOUND_WHAT[code] ?? 'Record',
};

export function translateCustomersError(error: unknown, at: ErrorPlacement = {}): unknown {
  return translateContextError(error, CUSTOMERS_ERRORS, at);
}
