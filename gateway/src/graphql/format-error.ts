// The last stop of every error before it reaches a client. Client-safe errors (our ClientError
// classes and GraphQL's own parse/validation/variable errors) keep their message and code;
// anything else is an internal error: logged in full with the correlation id, and answered with a
// generic message that carries only that id. No stack trace ever leaves the gateway.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { type Logger } from 'pino';
import { ClientError, ErrorCode } from './gateway-errors';
import { currentCorrelationId } from '../logging/correlation-id';

/** Codes Apollo Server and graphql-js attach to errors caused by the request itself. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Nest's HTTP exceptions turned into codes by @nestjs/apollo; their messages are not ours, so fixed ones are used. */
const FIXED_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Authentication required.',
  FORBIDDEN: 'Your roles do not allow this operation.',
};

function unwrap(error: unknown): unknown {
  // graphql-js wraps resolver errors in a located GraphQLError with `originalError`.
  let current = error;
  for (let i = 0; i < 5; i += 1) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (inner === undefined || inner === null || inner === current) break;
    current = inner;
  }
  return current;
}

export function createFormatError(
  logger: Logger,
  correlationIdFallback: () => string | undefined = currentCorrelationId,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const correlationId = correlationIdFallback() ?? 'unknown';
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const original = unwrap(error);
    if (original instanceof ClientError) {
      const {
        stacktrace: _s,
        exception: _e,
        http: _h,
        ...extensions
      } = original.extensions as Record<string, unknown>;
      return { message: original.message, ...base, extensions: { ...extensions, correlationId } };
    }
    const code =
      typeof formatted.extensions?.['code'] === 'string' ? formatted.extensions['code'] : undefined;
    const isPlainRequestError = !(original instanceof Error) || original instanceof GraphQLError;
    if (code !== undefined && REQUEST_ERROR_CODES.has(code) && isPlainRequestError) {
      return { message: formatted.message, ...base, extensions: { code, correlationId } };
    }
    if (code !== undefined && FIXED_MESSAGES[code] !== undefined) {
      return { message: FIXED_MESSAGES[code], ...base, extensions: { code, correlationId } };
    }
    logger.error(
      {
        err: original instanceof Error ? original : error,
        correlationId,
        path: formatted.path,
        code,
      },
      'unexpected error while handling a GraphQL request',
    );
    return {
      message: `Internal server error. Quote reference ${correlationId} when reporting it.`,
      ...base,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
    };
  };
}
