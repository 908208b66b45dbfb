// Verifies the service call token (audience crm.loyalty) of every RPC before the controller runs.
import { serviceCallerGuard } from '@crm/grpc-service';
import { LOYALTY_LOGGER, LOYALTY_TOKEN_VERIFIER } from '../loyalty.tokens';
import { mapLoyaltyError } from './grpc-errors';

export const LoyaltyCallerGuard = serviceCallerGuard(
  LOYALTY_TOKEN_VERIFIER,
  LOYALTY_LOGGER,
  mapLoyaltyError,
);
