// Maps the customers domain's typed errors to gRPC statuses with their stable codes; everything
// else (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service), which
// puts the typed ErrorDetail in the trailing metadata so the gateway can show field-level messages.
import { status } from '@grpc/grpc-js';
import { CustomersDomainError, CustomerValidationError } from '@crm/customers-domain';
import { SubjectErasedError } from '@crm/event-sourcing';
import { mapPlatformError, mappedError, type MappedError } from '@crm/grpc-service';

export { ERROR_DETAIL_KEY, toRpcException } from '@crm/grpc-service';

/** An import id that does not exist for the tenant. */
export class ImportNotFoundError extends CustomersDomainError {
  readonly code = 'IMPORT_NOT_FOUND';
  constructor(readonly importId: string) {
    super(`Import ${importId} does not exist`);
  }
}

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  CUSTOMER_NOT_FOUND: status.NOT_FOUND,
  CONTACT_NOT_FOUND: status.NOT_FOUND,
  IMPORT_NOT_FOUND: status.NOT_FOUND,
  CUSTOMER_ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
};

export function mapError(error: unknown, correlationId: string): MappedError {
  if (error instanceof CustomersDomainError) {
    // CUSTOMER_ERASED, CUSTOMER_MERGED, INVALID_TRANSITION, CUSTOM_FIELD_TYPE_CHANGE, MERGE_NOT_ALLOWED
    return mappedError(
      DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      error.code,
      error.message,
      correlationId,
      { violations: error instanceof CustomerValidationError ? error.violations : [] },
    );
  }
  if (error instanceof SubjectErasedError) {
    const message = 'The customer has been erased';
    return mappedError(status.FAILED_PRECONDITION, 'CUSTOMER_ERASED', message, correlationId);
  }
  return mapPlatformError(error, correlationId, 'The customer');
}
