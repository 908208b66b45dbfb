// Client-safe errors: everything a client may see is one of these classes, with a stable
// `extensions.code`. Anything else that escapes a resolver is an internal error, and the error
// formatter replaces it with a generic message plus the correlation id (see format-error.ts).
import { GraphQLError } from 'graphql';

/** Stable codes documented in docs/graphql.md. Never rename one; add new ones. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A query's `atLeastPosition` was not reached by its read model within the bound. */
  STALE_READ: 'STALE_READ',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One invalid input field: `field` is the path from the argument, e.g. `input.contacts[0].email`. */
export interface FieldError {
  readonly field: string;
  /** Stable code, e.g. INVALID_EMAIL, TOO_LONG, REQUIRED, UNKNOWN_CUSTOM_FIELD. */
  readonly code: string;
  readonly message: string;
}

/** Marks an error whose message and extensions were written for clients. */
export class ClientError extends GraphQLError {
  readonly clientSafe = true;
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'ClientError';
  }
}

export class BadUserInputError extends ClientError {
  constructor(
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    extra: Record<string, unknown> = {},
  ) {
    super(message, ErrorCode.BAD_USER_INPUT, { ...extra, fieldErrors });
  }
}

export class UnauthenticatedError extends ClientError {
  constructor(
    message = 'Authentication required: send "Authorization: Bearer <token>" from the login mutation.',
  ) {
    super(message, ErrorCode.UNAUTHENTICATED);
  }
}

export class ForbiddenError extends ClientError {
  constructor(message = 'Your roles do not allow this operation.') {
    super(message, ErrorCode.FORBIDDEN);
  }
}

/**
 * Also answered for records that exist but belong to another tenant or lie outside the caller's
 * record-level scope, so that a caller cannot learn whether an id exists (docs/adr/0052).
 */
export class NotFoundError extends ClientError {
  constructor(what: string, id: string, reason?: string) {
    super(`${what} ${id} was not found.`, ErrorCode.NOT_FOUND, reason ? { reason } : {});
  }
}

export function isClientError(error: unknown): error is ClientError {
  return error instanceof ClientError;
}
