// Maps the Marketing domain's typed errors to gRPC statuses with their stable codes; everything
// else (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service).
import { status } from '@grpc/grpc-js';
import { mapPlatformError, mappedError, type MappedError } from '@crm/grpc-service';
import { MarketingDomainError } from '@crm/marketing-domain';
import { MarketingValidationError } from './request-reading';

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  INVALID_UNSUBSCRIBE_TOKEN: status.INVALID_ARGUMENT,
  INVALID_TRACKING_TOKEN: status.INVALID_ARGUMENT,
};

export function mapMarketingError(error: unknown, correlationId: string): MappedError {
  if (error instanceof MarketingDomainError) {
    return mappedError(
      DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      error.code,
      error.message,
      correlationId,
      { violations: error instanceof MarketingValidationError ? error.violations : [] },
    );
  }
  return mapPlatformError(error, correlationId, 'The marketing record');
}
