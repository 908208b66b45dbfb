// The Apollo driver of @nestjs/apollo, with its Express integration replaced by ours.
//
// Why (docs/adr/0050): @nestjs/apollo 14 mounts Apollo Server through the optional package
// `@as-integrations/express5`, which this repository does not install. The integration is ~40 lines
// on Apollo's public `executeHTTPGraphQLRequest`, and owning it lets us put the body-size limit,
// the JSON parse errors and the correlation id in one place, answered as GraphQL-shaped JSON
// errors instead of Express's HTML error pages (which print stack traces outside production).
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { Injectable } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ErrorCode } from './gateway-errors';
import { correlationIdOf } from '../logging/correlation-id';

type Next = (error?: unknown) => void;
type Request = IncomingMessage & { body?: unknown };
type Middleware = (req: Request, res: ServerResponse, next: Next) => void;

export interface GatewayDriverConfig extends ApolloDriverConfig {
  /** Largest accepted request body in bytes; larger bodies get 413 without being read to the end. */
  maxBodyBytes: number;
}

export class HttpBodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON body with a hard size limit. Non-JSON bodies are left for Apollo to refuse. */
export function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.method !== 'POST' || !contentType.startsWith('application/json'))
    return Promise.resolve(undefined);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new HttpBodyError(400, 'BAD_REQUEST', 'The request body is not valid JSON.'));
      }
    });
  });
}

function tooLarge(maxBytes: number): HttpBodyError {
  return new HttpBodyError(
    413,
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The request body exceeds the limit of ${maxBytes} bytes.`,
  );
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  correlationId: string,
): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, correlationId } }] }));
}

/** Apollo Server behind Express (or any Connect-style server), in the shape of @as-integrations/express5. */
export function apolloMiddleware(
  server: ApolloServer<BaseContext>,
  context: (args: { req: Request; res: ServerResponse }) => Promise<BaseContext>,
  maxBodyBytes: number,
): Middleware {
  server.assertStarted('apolloMiddleware()');
  return (req, res, next) => {
    void (async () => {
      try {
        const body = req.body ?? (await readJsonBody(req, maxBodyBytes));
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined)
            headers.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
        const url = new URL(req.url ?? '/', 'http://gateway.invalid');
        const response = await server.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: (req.method ?? 'GET').toUpperCase(),
            headers,
            search: url.search,
            body: body ?? {},
          },
          context: () => context({ req, res }),
        });
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') {
          res.end(response.body.string);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      } catch (error) {
        if (error instanceof HttpBodyError) {
          sendJsonError(res, error.status, error.code, error.message, correlationIdOf(req));
          return;
        }
        next(error);
      }
    })();
  };
}

@Injectable()
export class GatewayApolloDriver extends ApolloDriver {
  protected override async registerExpress(
    options: ApolloDriverConfig,
    hooks: { preStartHook?: () => void } = {},
  ): Promise<void> {
    const { path = '/graphql' } = options;
    const maxBodyBytes = (options as Partial<GatewayDriverConfig>).maxBodyBytes ?? 1024 * 1024;
    const httpAdapter = this.httpAdapterHost.httpAdapter;
    const app = httpAdapter.getInstance<{ use(path: string, handler: Middleware): void }>();
    hooks.preStartHook?.();
    const drain = ApolloServerPluginDrainHttpServer({
      httpServer: httpAdapter.getHttpServer() as Server,
    });
    const server = new ApolloServer<BaseContext>({
      ...(options as object),
      plugins: [...(options.plugins ?? []), drain],
    } as ConstructorParameters<typeof ApolloServer<BaseContext>>[0]);
    await server.start();
    const context = options.context as
      ((args: { req: Request; res: ServerResponse }) => Promise<BaseContext>) | undefined;
    app.use(path, apolloMiddleware(server, context ?? (async () => ({})), maxBodyBytes));
    (this as unknown as { apolloServer: ApolloServer<BaseContext> }).apolloServer = server;
  }
}
