// The global guard: authenticates (a principal from the verified token in the GraphQL context) and
// checks the handler's declared roles. Handlers without a declaration are refused: a forgotten
// decorator must fail closed, never open.
import { type IncomingMessage } from 'node:http';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from '../graphql/gateway-errors';
import { type GatewayContext } from '../graphql/gateway-context';
import { ALLOW_ANONYMOUS_KEY, ALLOWED_ROLES_KEY } from './allow.decorator';
import { TokenService } from '../auth/token.service';
import { hasAnyRole, type Principal } from './principal';
import { type Role } from './role';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_ANONYMOUS_KEY, targets) === true
    )
      return true;
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(
      ALLOWED_ROLES_KEY,
      targets,
    );
    if (!roles || roles.length === 0) {
      throw new ForbiddenError('This operation declares no access rule and is refused.');
    }
    let principal: Principal | null;
    let authError: string | null;
    if (context.getType<string>() === 'graphql') {
      const gqlContext = GqlExecutionContext.create(context).getContext<GatewayContext>();
      principal = gqlContext.principal;
      authError = gqlContext.authError;
    } else {
      // HTTP routes (the CSV upload): the same bearer token, put on the request for the handler.
      const req = context.switchToHttp().getRequest<IncomingMessage & { principal?: Principal }>();
      ({ principal, error: authError } = this.tokens.fromAuthorizationHeader(
        req.headers.authorization,
      ));
      if (principal) req.principal = principal;
    }
    if (!principal) throw new UnauthenticatedError(authError ?? undefined);
    if (!hasAnyRole(principal, roles)) throw new ForbiddenError();
    return true;
  }
}
