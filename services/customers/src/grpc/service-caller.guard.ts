// Verifies the service call token (audience crm.customers) of every RPC before the controller runs
// (docs/security.md): a missing, forged, expired or foreign-audience token is refused with
// UNAUTHENTICATED and nothing is read or written. The verified caller is bound to the request
// object, where the controller's `call()` wrapper takes tenant, actor, roles and team from. The
// plumbing is shared by every context service (@crm/grpc-service, ADR 0141).
import { serviceCallerGuard } from '@crm/grpc-service';
import { CUSTOMERS_LOGGER, CUSTOMERS_TOKEN_VERIFIER } from '../customers.tokens';
import { mapError } from './grpc-errors';

export { bindCaller, callerOf, verifyCallMetadata } from '@crm/grpc-service';

export const ServiceCallerGuard = serviceCallerGuard(
  CUSTOMERS_TOKEN_VERIFIER,
  CUSTOMERS_LOGGER,
  mapError,
);
