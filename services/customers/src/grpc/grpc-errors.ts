// Maps every failure to a gRPC status plus a typed ErrorDetail (proto/customers.proto) in the
// trailing metadata `crm-error-detail-bin`, so the gateway can show field-level messages. Unknown
// errors become INTERNAL with no internals in the message: the correlation id leads to the log.
import { Metadata, status } from '@grpc/grpc-js';
import {
  CustomersDomainError,
  CustomerValidationError,
  type FieldViolation,
} from '@crm/customers-domain';
import {
  ConcurrencyError,
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventDataError,
  SubjectErasedError,
} from '@crm/event-sourcing';
import { ServiceTokenError } from '@crm/access-policy';
import { RpcException } from '@nestjs/microservices';

export const ERROR_DETAIL_KEY = 'crm-error-detail-bin';

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
  if (error instanceof ServiceTokenError) {
    // Missing, forged, expired or another service's token: the message says which, never more.
    return {
      status: status.UNAUTHENTICATED,
      detail: detail('UNAUTHENTICATED', error.message),
      internal: false,
    };
  }
  if (error instanceof ConcurrencyError) {
    return {
      status: status.ABORTED,
      detail: detail(
        'CONCURRENCY_CONFLICT',
        'The customer changed concurrently; retry the request',
      ),
      internal: false,
    };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      status: status.ALREADY_EXISTS,
      detail: detail(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was used for a different request',
      ),
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
  if (error instanceof InvalidEventDataError) {
    // The domain validates first; reaching the store's schema check means an input slipped through.
    return {
      status: status.INVALID_ARGUMENT,
      detail: detail(
        'VALIDATION_FAILED',
        'The request contains values the event contract does not allow',
        error.details.map((d) => ({ field: '', code: 'INVALID_FORMAT', message: d })),
      ),
      internal: true,
    };
  }
  if (error instanceof EventStoreError && error.retriable) {
    return {
      status: status.UNAVAILABLE,
      detail: detail(
        'UNAVAILABLE',
        'The customer store is temporarily unavailable; retry with the same idempotency key',
      ),
      internal: true,
    };
  }
  return {
    status: status.INTERNAL,
    detail: detail('INTERNAL', `Internal error; quote correlation id ${correlationId}`),
    internal: true,
  };
}

/** The exception Nest hands to grpc-js: code, message and the ErrorDetail trailer. */
export function toRpcException(mapped: MappedError): RpcException {
  const metadata = new Metadata();
  metadata.set(ERROR_DETAIL_KEY, Buffer.from(JSON.stringify(mapped.detail), 'utf8'));
  return new RpcException({
    code: mapped.status,
    message: mapped.detail.message,
    details: mapped.detail.message,
    metadata,
  });
}
