// Every GraphQL operation and field resolver declares who may call it, with exactly one of:
//   @AllowRoles(Role.ADMIN, ...)   signed-in users holding at least one of these roles
//   @AllowAnonymous()              anyone (only `login`)
// The global RolesGuard refuses any handler that declares neither (fail closed), and
// authorization-coverage.unit.spec.ts proves every operation of the compiled schema declares one.
import { SetMetadata } from '@nestjs/common';
import { ALL_ROLES, type Role } from './role';

export const ALLOWED_ROLES_KEY = 'crm:allowed-roles';
export const ALLOW_ANONYMOUS_KEY = 'crm:allow-anonymous';

export const AllowRoles = (...roles: Role[]): MethodDecorator & ClassDecorator => {
  if (roles.length === 0) throw new Error('@AllowRoles needs at least one role');
  return SetMetadata(ALLOWED_ROLES_KEY, Object.freeze([...roles]));
};

/** Any signed-in user of the tenant, whatever their roles. */
export const AllowAnyRole = (): MethodDecorator & ClassDecorator => AllowRoles(...ALL_ROLES);

export const AllowAnonymous = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOW_ANONYMOUS_KEY, true);
