// Translates customers-service failures into client-safe GraphQL errors with stable codes
// (docs/graphql.md#errors). Service field paths (`contacts[0].email`) are prefixed with the GraphQL
// argument name (`input.contacts[0].email`). Internal and unknown failures stay internal: the error
// formatter answers them with a generic message and the correlation id.
import * as grpc from '@grpc/grpc-js';
import {
  BadUserInputError,
  ClientError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
} from '../../graphql/gateway-errors';
import { CustomersCallError } from './customers-grpc.client';

const NOT_FOUND_WHAT: Record<string, string> = {
  CUSTOMER_NOT_FOUND: 'Customer',
  TENANT_MISMATCH: 'Customer',
  CONTACT_NOT_FOUND: 'Contact',
  IMPORT_NOT_FOUND: 'Import',
};

const FAILED_PRECONDITION_CODES = new Set([
  'CUSTOMER_ERASED',
  'CUSTOMER_MERGED',
  'INVALID_TRANSITION',
  'CUSTOM_FIELD_TYPE_CHANGE',
  'MERGE_NOT_ALLOWED',
]);

export interface TranslateOptions {
  /** GraphQL argument that holds the request (`input`). */
  readonly argumentName?: string;
  /** Id named in NOT_FOUND messages. */
  readonly subjectId?: string;
  /** Rewrites a service field path into the GraphQL input path, e.g. `customFields.x` → `values[2].name`. */
  readonly mapField?: (field: string) => string;
}

export function translateCustomersError(error: unknown, options: TranslateOptions = {}): unknown {
  if (!(error instanceof CustomersCallError)) return error;
  const detail = error.detail;
  const code = detail?.code ?? '';
  const message = detail?.message || 'The customers service refused the request.';
  const subjectId = options.subjectId ?? '';
  if (
    code === 'VALIDATION_FAILED' ||
    (error.status === grpc.status.INVALID_ARGUMENT && code === '')
  ) {
    const prefix = options.argumentName ?? 'input';
    const fieldErrors = (detail?.violations ?? []).map((v) => {
      const field = options.mapField ? options.mapField(v.field) : v.field;
      return {
        field: field === '' ? prefix : `${prefix}${field.startsWith('[') ? '' : '.'}${field}`,
        code: v.code || 'INVALID',
        message: v.message,
      };
    });
    return new BadUserInputError(`Invalid input: ${message}`, fieldErrors);
  }
  const notFound = NOT_FOUND_WHAT[code];
  if (notFound !== undefined || error.status === grpc.status.NOT_FOUND)
    return new NotFoundError(notFound ?? 'Record', subjectId, code || undefined);
  // The service applies the same role and owner rules as the gateway (libs/access-policy); its
  // refusal says nothing about any record. (UNAUTHENTICATED from the service means the gateway's
  // own token was refused, a configuration error: it stays internal.)
  if (code === 'PERMISSION_DENIED' || error.status === grpc.status.PERMISSION_DENIED)
    return new ForbiddenError(message);
  if (code === 'IDEMPOTENCY_KEY_REUSED') {
    return new ClientError(
      'This idempotency key was already used for a different request; nothing was written. Use a new key for a new action.',
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    );
  }
  if (code === 'CUSTOMER_ALREADY_EXISTS')
    return new ClientError(message, ErrorCode.CONFLICT, { reason: code });
  if (code === 'CONCURRENCY_CONFLICT' || error.status === grpc.status.ABORTED) {
    return new ClientError(
      'The customer was changed concurrently; retry the request.',
      ErrorCode.CONFLICT,
      { reason: 'CONCURRENCY_CONFLICT', retryable: true },
    );
  }
  if (FAILED_PRECONDITION_CODES.has(code) || error.status === grpc.status.FAILED_PRECONDITION) {
    return new ClientError(message, ErrorCode.FAILED_PRECONDITION, {
      reason: code || 'FAILED_PRECONDITION',
    });
  }
  if (
    code === 'UNAVAILABLE' ||
    error.status === grpc.status.UNAVAILABLE ||
    error.status === grpc.status.DEADLINE_EXCEEDED
  ) {
    return new ClientError(
      'The customers service is temporarily unavailable; retry with the same idempotency key.',
      ErrorCode.SERVICE_UNAVAILABLE,
      {
        retryable: true,
      },
    );
  }
  return error;
}
