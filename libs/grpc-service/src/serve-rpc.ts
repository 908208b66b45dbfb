// How a context service's gRPC controller serves one RPC (ADR 0250): the caller the guard verified,
// the service's check that the caller's roles allow the RPC and its reading of the request context
// (both throw to refuse), one log line with the correlation id and duration, the error mapped to a
// gRPC status with the typed ErrorDetail trailer, and the RPC's metrics and SERVER span.
import type { ServiceCaller } from '@crm/access-policy';
import type { Logger } from 'pino';
import type { CommandOutcome } from './command-execution';
import { toRpcException, type MappedError } from './error-detail';
import { observeServedRpc } from './observe-served-rpc';
import { callerOf } from './service-caller';

/** The request context every RPC carries (proto `RequestContext`). */
export interface RpcRequest {
  readonly ctx?: { readonly correlationId?: string; readonly idempotencyKey?: string } | null;
}

export interface RpcServing<
  Meta extends { readonly tenantId: string; readonly correlationId: string },
> {
  /** The proto service name, e.g. `SalesService` (metrics and spans). */
  readonly service: string;
  readonly logger: Logger;
  /** Refuses a caller whose roles do not allow `rpc`, then reads the request context. */
  readonly requestMeta: (caller: ServiceCaller, rpc: string, request: RpcRequest) => Meta;
  readonly mapError: (error: unknown, correlationId: string) => MappedError;
  /** More fields of the "rpc ok" line (e.g. the actor). */
  readonly okFields?: (meta: Meta) => object;
}

export function serveRpc<
  Meta extends { readonly tenantId: string; readonly correlationId: string },
  T,
>(
  serving: RpcServing<Meta>,
  rpc: string,
  request: RpcRequest,
  action: (meta: Meta, caller: ServiceCaller) => Promise<T>,
): Promise<T> {
  return observeServedRpc(serving.service, rpc, request, async () => {
    const started = process.hrtime.bigint();
    let meta: Meta | undefined;
    try {
      const caller = await callerOf(request);
      meta = serving.requestMeta(caller, rpc, request);
      const result = await action(meta, caller);
      serving.logger.info(
        {
          rpc,
          tenantId: meta.tenantId,
          correlationId: meta.correlationId,
          ...serving.okFields?.(meta),
          ms: elapsedMs(started),
        },
        'rpc ok',
      );
      return result;
    } catch (error) {
      const correlationId = meta?.correlationId ?? (request.ctx?.correlationId || 'none');
      const mapped = serving.mapError(error, correlationId);
      const fields = {
        rpc,
        tenantId: meta?.tenantId,
        correlationId,
        code: mapped.detail.code,
        ms: elapsedMs(started),
      };
      if (mapped.internal) serving.logger.error({ ...fields, err: error }, 'rpc failed');
      else serving.logger.info(fields, 'rpc rejected');
      throw toRpcException(mapped);
    }
  });
}

/** A command's outcome as every context's proto `CommandResult` carries it. */
export function toCommandResult(outcome: CommandOutcome) {
  return {
    aggregateId: outcome.aggregateId,
    streamVersion: outcome.streamVersion,
    replayed: outcome.replayed,
    createdId: outcome.createdId ?? '',
    eventTypes: [...outcome.eventTypes],
    correlationId: outcome.correlationId,
    globalPosition: String(outcome.globalPosition),
  };
}

function elapsedMs(started: bigint): number {
  return Number((process.hrtime.bigint() - started) / 1_000_000n);
}
