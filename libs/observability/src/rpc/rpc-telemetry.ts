// Telemetry of gRPC calls on both ends. The server side records `crm_rpc_*` and a SERVER span
// named `<Service>/<Method>` that joins the caller's trace (from the `traceparent` metadata the
// client side wrote under its CLIENT span). Framework-free: the service's controller and the
// gateway's client call these around their own code.
import { SpanKind, type SpanContext } from '@opentelemetry/api';
import { platformMetrics, secondsSince } from '../metrics/platform-metrics';
import {
  endSpan,
  extractTraceContext,
  injectTraceContext,
  runInSpan,
  startChildSpan,
  startRequestSpan,
  type Carrier,
} from '../tracing/spans';

const remoteParents = new WeakMap<object, SpanContext>();

/**
 * Remembers the caller's span context of a request object (a Nest guard sees the metadata, the
 * controller only the request): `observeRpc` picks it up.
 */
export function bindRemoteParent(request: object, metadata: Pick<Carrier, 'get'>): void {
  const parent = extractTraceContext(metadata);
  if (parent) remoteParents.set(request, parent);
}

export interface RpcCall {
  readonly service: string;
  readonly method: string;
  /** The request object the guard saw (for its remote parent). */
  readonly request: object;
  readonly correlationId: string | undefined;
  readonly tenantId?: string;
}

/** Runs a served RPC inside its span, and counts it with the status code `codeOf` gives an error. */
export async function observeRpc<T>(
  call: RpcCall,
  work: () => Promise<T>,
  codeOf: (error: unknown) => string,
): Promise<T> {
  const metrics = platformMetrics();
  const started = process.hrtime.bigint();
  const span = startRequestSpan(`${call.service}/${call.method}`, {
    kind: SpanKind.SERVER,
    correlationId: call.correlationId,
    remoteParent: remoteParents.get(call.request),
    attributes: {
      'rpc.system': 'grpc',
      'rpc.service': call.service,
      'rpc.method': call.method,
      ...(call.tenantId ? { 'crm.tenant_id': call.tenantId } : {}),
    },
  });
  const labels = { service: call.service, method: call.method };
  try {
    const result = await runInSpan(span, work);
    metrics.rpcDuration.observe(labels, secondsSince(started));
    metrics.rpcRequests.inc({ ...labels, code: 'OK' });
    endSpan(span, undefined, { 'rpc.grpc.status_code': 0 });
    return result;
  } catch (error) {
    const code = codeOf(error);
    metrics.rpcDuration.observe(labels, secondsSince(started));
    metrics.rpcRequests.inc({ ...labels, code });
    endSpan(span, error, { 'crm.rpc.code': code });
    throw error;
  }
}

/**
 * Runs an outgoing gRPC call inside a CLIENT span and writes its `traceparent` into `metadata`
 * before `send` runs.
 */
export async function observeGrpcClientCall<T>(
  service: string,
  method: string,
  metadata: Carrier,
  send: () => Promise<T>,
): Promise<T> {
  const span = startChildSpan(`${service}/${method}`, SpanKind.CLIENT, {
    'rpc.system': 'grpc',
    'rpc.service': service,
    'rpc.method': method,
  });
  try {
    const result = await runInSpan(span, () => {
      injectTraceContext(metadata);
      return send();
    });
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}
