// Verifies the service call token of every RPC before the controller runs (docs/security.md): a
// missing, forged, expired or foreign-audience token is refused with UNAUTHENTICATED and nothing is
// read or written. The verified caller is bound to the request object, where the controller's
// `call()` wrapper takes tenant, actor, roles and team from (never from the request's fields).
import { Metadata } from '@grpc/grpc-js';
import {
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenError,
  type ServiceCaller,
  type ServiceTokenVerifier,
} from '@crm/access-policy';
import { bindRemoteParent } from '@crm/observability';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { CUSTOMERS_LOGGER, CUSTOMERS_TOKEN_VERIFIER } from '../customers.tokens';
import { mapError, toRpcException } from './grpc-errors';

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

@Injectable()
export class ServiceCallerGuard implements CanActivate {
  constructor(
    @Inject(CUSTOMERS_TOKEN_VERIFIER) private readonly verifier: ServiceTokenVerifier,
    @Inject(CUSTOMERS_LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const [request, metadata] = context.getArgs<[unknown, unknown]>();
    // Client-streaming calls (StreamImport) get (call, callback): the handler verifies
    // `call.metadata` itself with verifyCallMetadata, so its errors reach the callback.
    if (!(metadata instanceof Metadata) || typeof request !== 'object' || request === null)
      return true;
    bindRemoteParent(request, metadata);
    const caller = verifyCallMetadata(this.verifier, metadata);
    try {
      await caller;
    } catch (error) {
      const mapped = mapError(error, 'none');
      this.logger.info(
        { rpc: context.getHandler().name, code: mapped.detail.code, problem: problemOf(error) },
        'rpc refused: caller not verified',
      );
      throw toRpcException(mapped);
    }
    bindCaller(request, caller);
    return true;
  }
}

function problemOf(error: unknown): string {
  return error instanceof ServiceTokenError ? error.problem : 'UNKNOWN';
}
