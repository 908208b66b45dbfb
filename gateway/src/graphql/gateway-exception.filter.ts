// One error policy for GraphQL and the plain HTTP routes.
// - GraphQL: every error thrown in a resolver goes straight to Apollo, where formatError decides
//   what the client sees and logs unexpected errors once (Nest would otherwise log every NOT_FOUND).
// - HTTP (the CSV upload route): the same JSON shape as GraphQL errors,
//   `{ errors: [{ message, extensions: { code, correlationId, ... } }] }`, with a matching status;
//   unexpected errors are logged and answered with a generic message.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
} from '@nestjs/common';
import { type GqlContextType } from '@nestjs/graphql';
import { type Logger } from 'pino';
import { correlationIdOf } from '../logging/correlation-id';
import { GATEWAY_LOGGER } from '../logging/logger';
import { ClientError, ErrorCode } from './gateway-errors';

const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 409,
  [ErrorCode.FAILED_PRECONDITION]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
};

@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  constructor(@Inject(GATEWAY_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const correlationId = correlationIdOf(req);
    let status: number;
    let body: { message: string; extensions: Record<string, unknown> };
    if (exception instanceof ClientError) {
      const { http: _h, ...extensions } = exception.extensions as Record<string, unknown>;
      status = STATUS_BY_CODE[String(extensions['code'])] ?? 400;
      body = { message: exception.message, extensions: { ...extensions, correlationId } };
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      body = {
        message: exception.message,
        extensions: { code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', correlationId },
      };
    } else {
      this.logger.error(
        { err: exception, correlationId, path: req.url?.split('?')[0] },
        'unexpected error while handling an HTTP request',
      );
      status = 500;
      body = {
        message: `Internal server error. Quote reference ${correlationId} when reporting it.`,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
      };
    }
    if (!res.headersSent) {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ errors: [body] }));
    }
    return undefined;
  }
}
