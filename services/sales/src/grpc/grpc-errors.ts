// Maps the Sales domain's typed errors to gRPC statuses with their stable codes; everything else
// (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service).
import { status } from '@grpc/grpc-js';
import { mapPlatformError, mappedError, type MappedError } from '@crm/grpc-service';
import { SalesDomainError } from '@crm/sales-domain';
import { SalesValidationError } from './request-parsing';

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  UNKNOWN_PIPELINE: status.INVALID_ARGUMENT,
  UNKNOWN_STAGE: status.INVALID_ARGUMENT,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  NOT_THE_APPROVER: status.PERMISSION_DENIED,
};

export function mapSalesError(error: unknown, correlationId: string): MappedError {
  if (error instanceof SalesDomainError) {
    return mappedError(
      DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      error.code,
      error.message,
      correlationId,
      { violations: error instanceof SalesValidationError ? error.violations : [] },
    );
  }
  return mapPlatformError(error, correlationId, 'The sales record');
}
