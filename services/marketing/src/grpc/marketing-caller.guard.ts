// Verifies the service call token (audience crm.marketing) of every RPC before the controller runs.
import { serviceCallerGuard } from '@crm/grpc-service';
import { MARKETING_LOGGER, MARKETING_TOKEN_VERIFIER } from '../marketing.tokens';
import { mapMarketingError } from './grpc-errors';

export const MarketingCallerGuard = serviceCallerGuard(
  MARKETING_TOKEN_VERIFIER,
  MARKETING_LOGGER,
  mapMarketingError,
);
