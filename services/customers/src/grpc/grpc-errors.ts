// Maps every failure to a gRPC status plus a typed ErrorDetail (proto/customers.proto) in the
// trailing metadata `crm-error-detail-bin`, so the gateway can show field-level messages. Unknown
// errors become INTERNAL with no internals in the message: the correlation id leads to the log.
import { status } from '@grpc/grpc-js';
import {
  CustomersDomainError,
  CustomerValidationError,
  type FieldViolation,
} from '@crm/customers-domain';
import { SubjectErasedError } from '@crm/event-sourcing';
import { mapPlatformError } from '@crm/grpc-service';

export { ERROR_DETAIL_KEY, toRpcException } from '@crm/grpc-service';

export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly violations: readonly FieldViolation[];
  readonly correlationId: string;
}

export interface MappedError {
  readonly status: status;
  readonly detail: ErrorDetail;
  /** True for failures the caller did not cause (logged at error level). */
  readonly internal: boolean;
}

/** Errors raised by request mapping (bad enum, missing context) before a command exists. */
export class RequestValidationError extends CustomerValidationError {}

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
  CUSTOMER_ERASED: status.FAILED_PRECONDITION,
  CUSTOMER_MERGED: status.FAILED_PRECONDITION,
  INVALID_TRANSITION: status.FAILED_PRECONDITION,
  CUSTOM_FIELD_TYPE_CHANGE: status.FAILED_PRECONDITION,
  MERGE_NOT_ALLOWED: status.FAILED_PRECONDITION,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
};

export function mapError(error: unknown, correlationId: string): MappedError {
  const detail = (
    code: string,
    message: string,
    violations: readonly FieldViolation[] = [],
  ): ErrorDetail => ({
    code,
    message,
    violations,
    correlationId,
  });
  if (error instanceof CustomersDomainError) {
    const violations = error instanceof CustomerValidationError ? error.violations : [];
    return {
      status: DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      detail: detail(error.code, error.message, violations),
      internal: false,
    };
  }
  if (error instanceof SubjectErasedError) {
    return {
      status: status.FAILED_PRECONDITION,
      detail: detail('CUSTOMER_ERASED', 'The customer has been erased'),
      internal: false,
    };
  }
  // Token, concurrency, idempotency and store failures: the platform's mapping (its only
  // violations are INVALID_FORMAT, one of this context's violation codes).
  return mapPlatformError(error, correlationId, 'The customer') as MappedError;
}
