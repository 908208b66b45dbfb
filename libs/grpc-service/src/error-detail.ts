// Every failure of a context service becomes a gRPC status plus a typed ErrorDetail in the trailing
// metadata `crm-error-detail-bin` (UTF-8 JSON), so the gateway can show field-level messages. This
// file maps the platform's own errors (token, concurrency, idempotency, store); each service maps
// its domain errors first. Unknown errors become INTERNAL with no internals in the message: the
// correlation id leads to the log.
import { Metadata, status } from '@grpc/grpc-js';
import { ServiceTokenError } from '@crm/access-policy';
import {
  ConcurrencyError,
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventDataError,
} from '@crm/event-sourcing';
import { RpcException } from '@nestjs/microservices';
import { InvalidRequestContextError } from './request-context';

export const ERROR_DETAIL_KEY = 'crm-error-detail-bin';

export interface FieldViolationDetail {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly violations: readonly FieldViolationDetail[];
  readonly correlationId: string;
}

export interface MappedError {
  readonly status: status;
  readonly detail: ErrorDetail;
  /** True for failures the caller did not cause (logged at error level). */
  readonly internal: boolean;
}

export function mappedError(
  grpcStatus: status,
  code: string,
  message: string,
  correlationId: string,
  options: { violations?: readonly FieldViolationDetail[]; internal?: boolean } = {},
): MappedError {
  return {
    status: grpcStatus,
    detail: { code, message, violations: options.violations ?? [], correlationId },
    internal: options.internal ?? false,
  };
}

/** Maps the platform's errors; `aggregate` names what changed concurrently ("the lead"). */
export function mapPlatformError(
  error: unknown,
  correlationId: string,
  aggregate = 'the record',
): MappedError {
  if (error instanceof ServiceTokenError) {
    // Missing, forged, expired or another service's token: the message says which, never more.
    return mappedError(status.UNAUTHENTICATED, 'UNAUTHENTICATED', error.message, correlationId);
  }
  if (error instanceof InvalidRequestContextError) {
    return mappedError(status.INVALID_ARGUMENT, 'VALIDATION_FAILED', error.message, correlationId, {
      violations: error.violations,
    });
  }
  if (error instanceof ConcurrencyError) {
    return mappedError(
      status.ABORTED,
      'CONCURRENCY_CONFLICT',
      `${aggregate} changed concurrently; retry the request`,
      correlationId,
    );
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return mappedError(
      status.ALREADY_EXISTS,
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was used for a different request',
      correlationId,
    );
  }
  if (error instanceof InvalidEventDataError) {
    // Parsers validate first; reaching the store's schema check means an input slipped through.
    return mappedError(
      status.INVALID_ARGUMENT,
      'VALIDATION_FAILED',
      'The request contains values the event contract does not allow',
      correlationId,
      {
        violations: error.details.map((d) => ({ field: '', code: 'INVALID_FORMAT', message: d })),
        internal: true,
      },
    );
  }
  if (error instanceof EventStoreError && error.retriable) {
    return mappedError(
      status.UNAVAILABLE,
      'UNAVAILABLE',
      'The store is temporarily unavailable; retry with the same idempotency key',
      correlationId,
      { internal: true },
    );
  }
  return mappedError(
    status.INTERNAL,
    'INTERNAL',
    `Internal error; quote correlation id ${correlationId}`,
    correlationId,
    { internal: true },
  );
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
