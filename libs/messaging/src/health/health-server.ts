// A tiny HTTP server for process probes: GET /health (alive, with details such as lag) and
// GET /ready (doing its job), and GET /metrics (Prometheus text) when the app gives its
// exposition. node:http on purpose: the relay and the workers have no other HTTP
// surface, and a framework would be most of their start-up time. Bound to loopback by default.
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProbeResult {
  readonly ok: boolean;
  /** Serialised as the JSON body. */
  readonly details: Record<string, unknown>;
}

export interface HealthServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly health: () => ProbeResult | Promise<ProbeResult>;
  readonly ready: () => ProbeResult | Promise<ProbeResult>;
  /** Serves GET /metrics (e.g. `metricsExposition` of @crm/observability). */
  readonly metrics?: () => Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface HealthServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

function serveMetrics(
  metrics: NonNullable<HealthServerOptions['metrics']>,
  response: ServerResponse,
): void {
  metrics().then(
    ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
    (error: unknown) =>
      response
        .writeHead(500, { 'content-type': 'text/plain' })
        .end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics' && options.metrics) {
      serveMetrics(options.metrics, response);
      return;
    }
    const probe =
      path === '/health' ? options.health : path === '/ready' ? options.ready : undefined;
    if (request.method !== 'GET' || !probe) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'not found' }));
      return;
    }
    Promise.resolve()
      .then(probe)
      .then(
        (result) => {
          response.writeHead(result.ok ? 200 : 503, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ status: result.ok ? 'ok' : 'unavailable', ...result.details }),
          );
        },
        (error: unknown) => {
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              status: 'unavailable',
              error: error instanceof Error ? error.message : String(error),
            }),
          );
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
