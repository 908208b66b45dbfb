// Connect/Express middleware that runs each HTTP request inside a SERVER span of its correlation
// id's trace (a client's own `traceparent` is linked, not followed: ADR 0125). The GraphQL layer
// renames the span after the operation it resolves. Probe paths are not traced.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { endSpan, extractTraceContext, startRequestSpan } from '../tracing/spans';

export interface HttpTracingOptions {
  /** The request's correlation id (assigned by the app's own middleware). */
  readonly correlationIdOf: (req: IncomingMessage) => string;
  /** Paths not traced (probes, metrics). */
  readonly ignorePaths?: readonly string[];
}

export function httpRequestTracing(options: HttpTracingOptions) {
  const ignored = new Set(options.ignorePaths ?? ['/health', '/ready', '/metrics']);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (ignored.has(path)) {
      next();
      return;
    }
    const span = startRequestSpan(`${req.method ?? 'GET'} ${path}`, {
      kind: SpanKind.SERVER,
      correlationId: options.correlationIdOf(req),
      remoteParent: extractTraceContext({ get: (key) => req.headers[key] }),
      attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path },
    });
    res.once('finish', () =>
      endSpan(span, res.statusCode >= 500 ? new Error(`HTTP ${res.statusCode}`) : undefined, {
        'http.response.status_code': res.statusCode,
      }),
    );
    const active = trace.setSpan(context.active(), span);
    // Body parsers resume in the socket's async context: bind the streams' listeners to ours.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
