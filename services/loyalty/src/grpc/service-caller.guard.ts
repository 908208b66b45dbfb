// Verifies the service call token of every RPC before the controller runs (docs/security.md): a
// missing, forged, expired or foreign-audience token is refused with UNAUTHENTICATED and nothing is
// read or written. The verified caller is bound to the request message, where the controller takes
// tenant, actor and roles from (never from the request's fields).
import { Metadata } from '@grpc/grpc-js';
import {
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenError,
  type ServiceCaller,
  type ServiceTokenVerifier,
} from '@crm/access-policy';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOYALTY_LOGGER, LOYALTY_TOKEN_VERIFIER } from '../loyalty.tokens';
import { mapError, toRpcException } from './grpc-errors';

const callers = new WeakMap<object, ServiceCaller>();

/** The verified caller of a request; refused when none was bound (fail closed). */
export function callerOf(request: object): ServiceCaller {
  const caller = callers.get(request);
  if (!caller) throw new ServiceTokenError('MISSING', 'A service call token is required.');
  return caller;
}

@Injectable()
export class ServiceCallerGuard implements CanActivate {
  constructor(
    @Inject(LOYALTY_TOKEN_VERIFIER) private readonly verifier: ServiceTokenVerifier,
    @Inject(LOYALTY_LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const [request, metadata] = context.getArgs<[unknown, unknown]>();
    if (typeof request !== 'object' || request === null) return false;
    try {
      const values = metadata instanceof Metadata ? metadata.get(SERVICE_TOKEN_METADATA_KEY) : [];
      if (values.length > 1)
        throw new ServiceTokenError('MALFORMED', 'Send one service call token.');
      const value = values[0];
      callers.set(
        request,
        await this.verifier.verifyBearer(typeof value === 'string' ? value : undefined),
      );
      return true;
    } catch (error) {
      const mapped = mapError(error, 'none');
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
  }
}
