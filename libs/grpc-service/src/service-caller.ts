// The verified caller of a gRPC request (docs/security.md): a guard verifies the service call token
// in the `authorization` metadata before the controller runs and binds the caller to the request
// object, where the controller's `call()` wrapper takes tenant, actor, roles and team from (never
// from the request's fields). A missing, forged, expired or foreign-audience token is refused with
// UNAUTHENTICATED and nothing is read or written.
import { Metadata } from '@grpc/grpc-js';
import {
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenError,
  type ServiceCaller,
  type ServiceTokenVerifier,
} from '@crm/access-policy';
import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { bindRemoteParent } from '@crm/observability';
import type { Logger } from 'pino';
import { toRpcException, type MappedError } from './error-detail';

const callers = new WeakMap<object, Promise<ServiceCaller>>();

/** Binds the (pending) verification of a call's token to its request message. */
export function bindCaller<T extends object>(request: T, caller: Promise<ServiceCaller>): T {
  caller.catch(() => undefined); // awaited by `callerOf`; never an unhandled rejection
  callers.set(request, caller);
  return request;
}

/** The verified caller of a request; refused (UNAUTHENTICATED) when none was bound: fail closed. */
export function callerOf(request: object): Promise<ServiceCaller> {
  return (
    callers.get(request) ??
    Promise.reject(new ServiceTokenError('MISSING', 'A service call token is required.'))
  );
}

/** Verifies the `authorization: Bearer <jwt>` metadata of a call. */
export function verifyCallMetadata(
  verifier: ServiceTokenVerifier,
  metadata: Metadata | undefined,
): Promise<ServiceCaller> {
  const values = metadata?.get(SERVICE_TOKEN_METADATA_KEY) ?? [];
  if (values.length > 1)
    return Promise.reject(new ServiceTokenError('MALFORMED', 'Send one service call token.'));
  const value = values[0];
  return verifier.verifyBearer(typeof value === 'string' ? value : undefined);
}

/** Verifies the caller of every RPC of a controller; see `serviceCallerGuard`. */
export class ServiceCallerGuard implements CanActivate {
  constructor(
    private readonly verifier: ServiceTokenVerifier,
    private readonly logger: Logger,
    private readonly mapError: (error: unknown, correlationId: string) => MappedError,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const [request, metadata] = context.getArgs<[unknown, unknown]>();
    // Client-streaming calls get (call, callback): such a handler verifies `call.metadata` itself
    // with verifyCallMetadata, so its errors reach the callback.
    if (!(metadata instanceof Metadata) || typeof request !== 'object' || request === null)
      return true;
    // The caller's trace context (traceparent metadata) becomes the parent of the RPC's span.
    bindRemoteParent(request, metadata);
    const caller = verifyCallMetadata(this.verifier, metadata);
    try {
      await caller;
    } catch (error) {
      const mapped = this.mapError(error, 'none');
      this.logger.info(
        {
          rpc: context.getHandler().name,
          code: mapped.detail.code,
          problem: error instanceof ServiceTokenError ? error.problem : 'UNKNOWN',
        },
        'rpc refused: caller not verified',
      );
      throw toRpcException(mapped);
    }
    bindCaller(request, caller);
    return true;
  }
}

/**
 * The guard class of a service's gRPC controller (name it in `@UseGuards` and in the module's
 * providers), built from the service's injection tokens of its token verifier (whose audience is
 * the service's) and logger, and its error mapping.
 */
export function serviceCallerGuard(
  verifierToken: symbol,
  loggerToken: symbol,
  mapError: (error: unknown, correlationId: string) => MappedError,
): Type<CanActivate> {
  @Injectable()
  class Guard extends ServiceCallerGuard {
    constructor(
      @Inject(verifierToken) verifier: ServiceTokenVerifier,
      @Inject(loggerToken) logger: Logger,
    ) {
      super(verifier, logger, mapError);
    }
  }
  return Guard;
}
