// Maps every failure to a gRPC status plus a typed ErrorDetail (proto/loyalty.proto) in the
// trailing metadata `crm-error-detail-bin`. Unknown errors become INTERNAL with no internals in the
// message: the correlation id leads to the log.
import { Metadata, status } from '@grpc/grpc-js';
import { ServiceTokenError } from '@crm/access-policy';
import {
  ConcurrencyError,
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventDataError,
} from '@crm/event-sourcing';
import { InvalidProgramError, LoyaltyDomainError } from '@crm/loyalty-domain';
import { RpcException } from '@nestjs/microservices';

export const ERROR_DETAIL_KEY = 'crm-error-detail-bin';

export interface FieldViolation {
  readonly field: string;
  readonly code:
    'REQUIRED' | 'INVALID_FORMAT' | 'TOO_LONG' | 'TOO_MANY' | 'OUT_OF_RANGE' | 'UNKNOWN_VALUE';
  readonly message: string;
}

/** Problems with the request's shape, found by the parsers before a command exists. */
export class LoyaltyValidationError extends LoyaltyDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

/** The caller's roles do not allow the RPC. */
export class CallerNotAllowedError extends LoyaltyDomainError {
  readonly code = 'PERMISSION_DENIED';
}

interface ErrorDetail {
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

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  INVALID_PROGRAM: status.INVALID_ARGUMENT,
  INVALID_POINTS: status.INVALID_ARGUMENT,
  EXPIRY_IN_THE_PAST: status.INVALID_ARGUMENT,
  MEMBER_NOT_ENROLLED: status.NOT_FOUND,
  RESERVATION_NOT_FOUND: status.NOT_FOUND,
  ADJUSTMENT_NOT_PENDING: status.NOT_FOUND,
  MEMBER_ALREADY_ENROLLED: status.ALREADY_EXISTS,
  ORDER_ALREADY_EARNED: status.ALREADY_EXISTS,
  RESERVATION_ALREADY_EXISTS: status.ALREADY_EXISTS,
  ADJUSTMENT_ALREADY_APPLIED: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  ADJUSTMENT_NEEDS_APPROVER: status.PERMISSION_DENIED,
};

export function mapError(error: unknown, correlationId: string): MappedError {
  const detail = (code: string, message: string, violations: readonly FieldViolation[] = []) => ({
    code,
    message,
    violations,
    correlationId,
  });
  if (error instanceof LoyaltyDomainError) {
    const violations =
      error instanceof LoyaltyValidationError
        ? error.violations
        : error instanceof InvalidProgramError
          ? [
              {
                field: `program.${error.field}`,
                code: 'OUT_OF_RANGE' as const,
                message: error.message,
              },
            ]
          : [];
    return {
      status: DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      detail: detail(error.code, error.message, violations),
      internal: false,
    };
  }
  if (error instanceof ServiceTokenError) {
    return {
      status: status.UNAUTHENTICATED,
      detail: detail('UNAUTHENTICATED', error.message),
      internal: false,
    };
  }
  if (error instanceof ConcurrencyError) {
    return {
      status: status.ABORTED,
      detail: detail('CONCURRENCY_CONFLICT', 'The account changed concurrently; retry the request'),
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
  if (error instanceof InvalidEventDataError) {
    return {
      status: status.INVALID_ARGUMENT,
      detail: detail(
        'VALIDATION_FAILED',
        'The request contains values the event contract does not allow',
      ),
      internal: true,
    };
  }
  if (error instanceof EventStoreError && error.retriable) {
    return {
      status: status.UNAVAILABLE,
      detail: detail(
        'UNAVAILABLE',
        'The loyalty store is temporarily unavailable; retry with the same idempotency key',
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
