// Maps the Sales domain's typed errors to gRPC statuses with their stable codes; everything else
// (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service).
import { status } from '@grpc/grpc-js';
import { SubjectErasedError } from '@crm/event-sourcing';
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
  if (error instanceof SubjectErasedError) {
    // A note about a record whose customer (or lead) was erased (ADR 0400): nothing is written.
    return mappedError(
      status.FAILED_PRECONDITION,
      'SUBJECT_ERASED',
      'The data subject of this record was erased: no personal data can be written about them',
      correlationId,
    );
  }
  return mapPlatformError(error, correlationId, 'The sales record');
}
