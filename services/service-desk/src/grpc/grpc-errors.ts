// Maps the service-desk domain's typed errors to gRPC statuses with their stable codes; everything
// else (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service).
import { status } from '@grpc/grpc-js';
import { mapPlatformError, mappedError, type MappedError } from '@crm/grpc-service';
import { ServiceDeskDomainError, ServiceDeskValidationError } from '@crm/service-desk-domain';

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  TICKET_NOT_FOUND: status.NOT_FOUND,
  CARE_TASK_NOT_FOUND: status.NOT_FOUND,
  ARTICLE_NOT_FOUND: status.NOT_FOUND,
  SURVEY_INVALID: status.PERMISSION_DENIED,
  SURVEY_ALREADY_ANSWERED: status.ALREADY_EXISTS,
  TICKET_ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  NO_SLA_POLICY: status.FAILED_PRECONDITION,
};

export function mapServiceDeskError(error: unknown, correlationId: string): MappedError {
  if (error instanceof ServiceDeskDomainError) {
    return mappedError(
      DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      error.code,
      error.message,
      correlationId,
      {
        violations: error instanceof ServiceDeskValidationError ? error.violations : [],
      },
    );
  }
  return mapPlatformError(error, correlationId, 'The ticket');
}
