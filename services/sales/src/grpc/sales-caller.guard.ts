// Verifies the service call token (audience crm.sales) of every RPC before the controller runs.
import { serviceCallerGuard } from '@crm/grpc-service';
import { SALES_LOGGER, SALES_TOKEN_VERIFIER } from '../sales.tokens';
import { mapSalesError } from './grpc-errors';

export const SalesCallerGuard = serviceCallerGuard(
  SALES_TOKEN_VERIFIER,
  SALES_LOGGER,
  mapSalesError,
);
