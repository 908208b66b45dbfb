// Typed errors of the loyalty domain. Every error has a stable `code` (the gRPC ErrorDetail code in
// proto/loyalty.proto); messages are for humans and may change, codes may not.

export abstract class LoyaltyDomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ProgramNotDefinedError extends LoyaltyDomainError {
  readonly code = 'PROGRAM_NOT_DEFINED';
  constructor() {
    super('The tenant has no loyalty program yet');
  }
}

export class InvalidProgramError extends LoyaltyDomainError {
  readonly code = 'INVALID_PROGRAM';
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export class MemberNotEnrolledError extends LoyaltyDomainError {
  readonly code = 'MEMBER_NOT_ENROLLED';
  constructor(readonly memberId: string) {
    super(`Member ${memberId} is not enrolled`);
  }
}

export class MemberAlreadyEnrolledError extends LoyaltyDomainError {
  readonly code = 'MEMBER_ALREADY_ENROLLED';
  constructor(readonly memberId: string) {
    super(`Member ${memberId} is already enrolled`);
  }
}

export class OrderAlreadyEarnedError extends LoyaltyDomainError {
  readonly code = 'ORDER_ALREADY_EARNED';
  constructor(readonly orderId: string) {
    super(`Order ${orderId} has already earned points`);
  }
}

export class OrderBeforeEnrolmentError extends LoyaltyDomainError {
  readonly code = 'ORDER_BEFORE_ENROLMENT';
  constructor(
    readonly orderId: string,
    readonly enrolledAt: string,
  ) {
    super(
      `Order ${orderId} was placed before the member enrolled (${enrolledAt}) and earns nothing`,
    );
  }
}

export class OrderNotEarnedError extends LoyaltyDomainError {
  readonly code = 'ORDER_NOT_EARNED';
  constructor(readonly orderId: string) {
    super(`Order ${orderId} earned no points on this account`);
  }
}

export class InvalidPointsError extends LoyaltyDomainError {
  readonly code = 'INVALID_POINTS';
  constructor(
    readonly field: string,
    readonly value: number,
  ) {
    super(`${field} must be a whole number of points between 1 and the limit, not ${value}`);
  }
}

export class InsufficientBalanceError extends LoyaltyDomainError {
  readonly code = 'INSUFFICIENT_BALANCE';
  constructor(
    readonly requested: number,
    readonly available: number,
  ) {
    super(`${requested} points requested but only ${available} are available`);
  }
}

export class ReservationNotFoundError extends LoyaltyDomainError {
  readonly code = 'RESERVATION_NOT_FOUND';
  constructor(readonly reservationId: string) {
    super(`Reservation ${reservationId} does not exist`);
  }
}

export class ReservationAlreadyExistsError extends LoyaltyDomainError {
  readonly code = 'RESERVATION_ALREADY_EXISTS';
  constructor(readonly reservationId: string) {
    super(`Reservation ${reservationId} already exists`);
  }
}

export class ReservationNotOpenError extends LoyaltyDomainError {
  readonly code = 'RESERVATION_NOT_OPEN';
  constructor(
    readonly reservationId: string,
    readonly status: string,
  ) {
    super(`Reservation ${reservationId} is ${status}, not reserved`);
  }
}

export class ExpiryInThePastError extends LoyaltyDomainError {
  readonly code = 'EXPIRY_IN_THE_PAST';
  constructor(
    readonly expiresAt: string,
    readonly at: string,
  ) {
    super(`Points cannot expire at ${expiresAt}, which is not after ${at}`);
  }
}

export class AdjustmentNeedsApproverError extends LoyaltyDomainError {
  readonly code = 'ADJUSTMENT_NEEDS_APPROVER';
  constructor(
    readonly points: number,
    readonly threshold: number,
  ) {
    super(
      `An adjustment of ${points} points exceeds ${threshold}: it needs an approver other than the requester`,
    );
  }
}

export class AdjustmentNotPendingError extends LoyaltyDomainError {
  readonly code = 'ADJUSTMENT_NOT_PENDING';
  constructor(readonly adjustmentId: string) {
    super(`Adjustment ${adjustmentId} is not waiting for approval`);
  }
}

export class AdjustmentAlreadyAppliedError extends LoyaltyDomainError {
  readonly code = 'ADJUSTMENT_ALREADY_APPLIED';
  constructor(readonly adjustmentId: string) {
    super(`Adjustment ${adjustmentId} was already applied`);
  }
}

export class SelfReferralError extends LoyaltyDomainError {
  readonly code = 'SELF_REFERRAL';
  constructor(readonly memberId: string) {
    super(`Member ${memberId} cannot use their own referral code`);
  }
}

export class AlreadyReferredError extends LoyaltyDomainError {
  readonly code = 'ALREADY_REFERRED';
  constructor(readonly memberId: string) {
    super(`Member ${memberId} was already referred`);
  }
}

export class RefereeNotNewError extends LoyaltyDomainError {
  readonly code = 'REFEREE_NOT_NEW';
  constructor(readonly memberId: string) {
    super(`Member ${memberId} already ordered: a referral counts only before the first order`);
  }
}

export class ReferralCodeNotFoundError extends LoyaltyDomainError {
  readonly code = 'REFERRAL_CODE_NOT_FOUND';
  constructor(readonly referralCode: string) {
    super(`No member has the referral code ${referralCode}`);
  }
}

export class ReferralCodeTakenError extends LoyaltyDomainError {
  readonly code = 'REFERRAL_CODE_TAKEN';
  constructor(readonly referralCode: string) {
    super(`The referral code ${referralCode} belongs to another member`);
  }
}
