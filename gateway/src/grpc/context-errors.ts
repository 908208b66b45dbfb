// Translates a context service's failures into client-safe GraphQL errors with stable codes: field
// violations at the input path, NOT_FOUND, FORBIDDEN, CONFLICT and FAILED_PRECONDITION with the
// service's reason. Unknown failures stay internal (the error filter logs and hides them).
import * as grpc from '@grpc/grpc-js';
import {
  BadUserInputError,
  ClientError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
} from '../graphql/gateway-errors';
import { ContextCallError } from './context-grpc.client';

export interface ContextErrorVocabulary {
  /** "loyalty", "service desk": in messages. */
  readonly serviceLabel: string;
  /** Codes that mean a conflict even when the service sent another status. */
  readonly conflicts: ReadonlySet<string>;
  /** What a NOT_FOUND code names ("Ticket", "Loyalty member"); "Record" otherwise. */
  readonly notFound: Readonly<Record<string, string>>;
}

export function translateContextError(
  error: unknown,
  vocabulary: ContextErrorVocabulary,
  subjectId = '',
): unknown {
  if (!(error instanceof ContextCallError)) return error;
  const code = error.detail?.code ?? '';
  const message =
    error.detail?.message || `The ${vocabulary.serviceLabel} service refused the request.`;
  switch (error.status) {
    case grpc.status.INVALID_ARGUMENT:
      return new BadUserInputError(
        `Invalid input: ${message}`,
        (error.detail?.violations ?? []).map((v) => ({
          field: v.field ? `input.${v.field}` : 'input',
          code: v.code || code || 'INVALID',
          message: v.message || message,
        })),
      );
    case grpc.status.NOT_FOUND:
      return new NotFoundError(vocabulary.notFound[code] ?? 'Record', subjectId, code || undefined);
    case grpc.status.PERMISSION_DENIED:
      return new ForbiddenError(message);
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.ABORTED:
      return new ClientError(message, ErrorCode.CONFLICT, {
        reason: code || 'CONFLICT',
        ...(code === 'CONCURRENCY_CONFLICT' ? { retryable: true } : {}),
      });
    case grpc.status.FAILED_PRECONDITION:
      return new ClientError(message, ErrorCode.FAILED_PRECONDITION, {
        reason: code || 'FAILED_PRECONDITION',
      });
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return new ClientError(
        `The ${vocabulary.serviceLabel} service is temporarily unavailable; retry with the same idempotency key.`,
        ErrorCode.SERVICE_UNAVAILABLE,
        { retryable: true },
      );
    // Anything else stays internal; the service refusing the gateway's own token
    // (UNAUTHENTICATED) is a configuration error, not the client's.
    case grpc.status.OK:
    case grpc.status.CANCELLED:
    case grpc.status.UNKNOWN:
    case grpc.status.OUT_OF_RANGE:
    case grpc.status.RESOURCE_EXHAUSTED:
    case grpc.status.UNIMPLEMENTED:
    case grpc.status.INTERNAL:
    case grpc.status.DATA_LOSS:
    case grpc.status.UNAUTHENTICATED:
      return vocabulary.conflicts.has(code)
        ? new ClientError(message, ErrorCode.CONFLICT, { reason: code })
        : error;
  }
}
