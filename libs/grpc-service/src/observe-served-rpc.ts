// Rate, latency and the SERVER span of one served RPC of a context service
// (docs/operations/metrics.md, tracing.md): the request's correlation id names the trace, the
// caller's trace context (bound by the caller guard) is its parent, and a thrown RpcException's
// gRPC status is the `code` label.
import { observeRpc } from '@crm/observability';
import { grpcCodeName } from './grpc-code-name';

export function observeServedRpc<T>(
  service: string,
  method: string,
  request: { readonly ctx?: { readonly correlationId?: string } | null },
  work: () => Promise<T>,
): Promise<T> {
  const correlationId = request.ctx?.correlationId?.trim() || undefined;
  return observeRpc({ service, method, request, correlationId }, work, grpcCodeName);
}
