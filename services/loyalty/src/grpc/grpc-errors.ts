// Maps the Loyalty domain's typed errors to gRPC statuses with their stable codes; everything else
// (token, concurrency, idempotency, store) is the platform's mapping (@crm/grpc-service).
import { status } from '@grpc/grpc-js';
import { mapPlatformError, mappedError, type MappedError } from '@crm/grpc-service';
import { InvalidProgramError, LoyaltyDomainError } from '@crm/loyalty-domain';

export interface FieldViolation {
  readonly field: string;
  readonly code:
    'REQUIRED' | 'INVALID_FORMAT' | 'TOO_LONG' | 'TOO_MANY' | 'OUT_OF_RANGE' | 'UNKNOWN_VALUE';
  readonly message: string;
}

/** Problems with the request's shape, found by the parsers before a command exists. */
export class LoyaltyValidationError extends LoyaltyDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

/** The caller's roles do not allow the RPC. */
export class CallerNotAllowedError extends LoyaltyDomainError {
  readonly code = 'PERMISSION_DENIED';
}

const DOMAIN_STATUS: Readonly<Record<string, status>> = {
  VALIDATION_FAILED: status.INVALID_ARGUMENT,
  INVALID_PROGRAM: status.INVALID_ARGUMENT,
  INVALID_POINTS: status.INVALID_ARGUMENT,
  EXPIRY_IN_THE_PAST: status.INVALID_ARGUMENT,
  MEMBER_NOT_ENROLLED: status.NOT_FOUND,
  RESERVATION_NOT_FOUND: status.NOT_FOUND,
  ADJUSTMENT_NOT_PENDING: status.NOT_FOUND,
  REFERRAL_CODE_NOT_FOUND: status.NOT_FOUND,
  MEMBER_ALREADY_ENROLLED: status.ALREADY_EXISTS,
  ORDER_ALREADY_EARNED: status.ALREADY_EXISTS,
  RESERVATION_ALREADY_EXISTS: status.ALREADY_EXISTS,
  ADJUSTMENT_ALREADY_APPLIED: status.ALREADY_EXISTS,
  ALREADY_REFERRED: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  ADJUSTMENT_NEEDS_APPROVER: status.PERMISSION_DENIED,
};

export function mapLoyaltyError(error: unknown, correlationId: string): MappedError {
  if (error instanceof LoyaltyDomainError) {
    const violations =
      error instanceof LoyaltyValidationError
        ? error.violations
        : error instanceof InvalidProgramError
          ? [{ field: `program.${error.field}`, code: 'OUT_OF_RANGE', message: error.message }]
          : [];
    return mappedError(
      DOMAIN_STATUS[error.code] ?? status.FAILED_PRECONDITION,
      error.code,
      error.message,
      correlationId,
      { violations },
    );
  }
  return mapPlatformError(error, correlationId, 'The account');
}
