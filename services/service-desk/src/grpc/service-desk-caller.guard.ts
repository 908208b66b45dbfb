// Verifies the service call token (audience crm.service-desk) of every RPC before the controller runs.
import { serviceCallerGuard } from '@crm/grpc-service';
import { SERVICE_DESK_LOGGER, SERVICE_DESK_TOKEN_VERIFIER } from '../service-desk.tokens';
import { mapServiceDeskError } from './grpc-errors';

export const ServiceDeskCallerGuard = serviceCallerGuard(
  SERVICE_DESK_TOKEN_VERIFIER,
  SERVICE_DESK_LOGGER,
  mapServiceDeskError,
);
