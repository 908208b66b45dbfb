// Translates a context service's failures (ContextCallError) into client-safe GraphQL errors with
// stable codes: field violations at the input path, NOT_FOUND, FORBIDDEN, CONFLICT and
// FAILED_PRECONDITION with the service's reason. Unknown failures stay internal.
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
  /** Service codes that mean a conflict even when sent with another status. */
  readonly conflicts: ReadonlySet<string>;
  /** What a NOT_FOUND is about, from the service's code ("Lead", "Opportunity", ...). */
  readonly notFoundSubject: (code: string) => string;
}

/** Where the request sat in the GraphQL operation, for messages and field paths. */
export interface ErrorPlacement {
  /** Id named in NOT_FOUND messages. */
  readonly subjectId?: string;
  /** GraphQL argument that holds the request: `input` unless said otherwise. */
  readonly argumentName?: string;
  /** Rewrites a service field path into the input's, e.g. `customFields.x` → `values[2].name`. */
  readonly mapField?: (field: string) => string;
}

function fieldPath(field: string, at: ErrorPlacement): string {
  const prefix = at.argumentName ?? 'input';
  const path = at.mapField ? at.mapField(field) : field;
  return path === '' ? prefix : `${prefix}${path.startsWith('[') ? '' : '.'}${path}`;
}

export function translateContextError(
  error: unknown,
  vocabulary: ContextErrorVocabulary,
  placement: string | ErrorPlacement = '',
): unknown {
  if (!(error instanceof ContextCallError)) return error;
  const at = typeof placement === 'string' ? { subjectId: placement } : placement;
  const code = error.detail?.code ?? '';
  const message = error.detail?.message || `The ${error.context} service refused the request.`;
  switch (error.status) {
    case grpc.status.INVALID_ARGUMENT:
      return new BadUserInputError(
        `Invalid input: ${message}`,
        (error.detail?.violations ?? []).map((v) => ({
          field: fieldPath(v.field, at),
          code: v.code || code || 'INVALID',
          message: v.message || message,
        })),
      );
    case grpc.status.NOT_FOUND:
      return new NotFoundError(
        vocabulary.notFoundSubject(code),
        at.subjectId ?? '',
        code || undefined,
      );
    case grpc.status.PERMISSION_DENIED:
      return new ForbiddenError(message);
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.ABORTED:
      // docs/graphql.md#errors: a reused key has its own code, whichever context refused it.
      if (code === 'IDEMPOTENCY_KEY_REUSED')
        return new ClientError(
          'This idempotency key was already used for a different request; nothing was written. Use a new key for a new action.',
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
        );
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
        `The ${error.context} service is temporarily unavailable; retry with the same idempotency key.`,
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
