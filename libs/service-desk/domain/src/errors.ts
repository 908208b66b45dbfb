// Typed errors of the service-desk domain. Every error has a stable `code` (the gRPC ErrorDetail
// code in proto/service-desk.proto); messages are for humans and may change, codes may not.

/** One problem with one input field; `field` is the camelCase path in the request. */
export interface FieldViolation {
  readonly field: string;
  readonly code: ViolationCode;
  readonly message: string;
}

export type ViolationCode =
  | 'REQUIRED'
  | 'INVALID_FORMAT'
  | 'INVALID_EMAIL'
  | 'INVALID_PHONE'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'OUT_OF_RANGE'
  | 'UNKNOWN_VALUE'
  | 'OVERLAPPING'
  | 'DUPLICATE';

export abstract class ServiceDeskDomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shape or format problems found while parsing a command, a calendar or a policy. */
export class ServiceDeskValidationError extends ServiceDeskDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(
      violations.length === 1 && violations[0]
        ? `${violations[0].field}: ${violations[0].message}`
        : `${violations.length} invalid fields: ${violations.map((v) => v.field).join(', ')}`,
    );
  }
}

export class TicketNotFoundError extends ServiceDeskDomainError {
  readonly code = 'TICKET_NOT_FOUND';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} does not exist`);
  }
}

export class TicketAlreadyOpenedError extends ServiceDeskDomainError {
  readonly code = 'TICKET_ALREADY_EXISTS';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} already exists`);
  }
}

/** The status machine does not allow this move (e.g. closing a ticket that is not resolved). */
export class TicketTransitionError extends ServiceDeskDomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a ticket cannot go from ${from} to ${to}`);
  }
}

/** A complaint is resolved only once its root cause and remedy are recorded. */
export class ComplaintAnalysisMissingError extends ServiceDeskDomainError {
  readonly code = 'COMPLAINT_ANALYSIS_MISSING';
  constructor(readonly missing: readonly ('rootCause' | 'remedy')[]) {
    super(`a complaint cannot be resolved without its ${missing.join(' and ')}`);
  }
}

export class NotAComplaintError extends ServiceDeskDomainError {
  readonly code = 'NOT_A_COMPLAINT';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is not a complaint`);
  }
}

/** Reopening is allowed only within the configured number of days after resolution. */
export class ReopenWindowExpiredError extends ServiceDeskDomainError {
  readonly code = 'REOPEN_WINDOW_EXPIRED';
  constructor(
    readonly ticketId: string,
    readonly resolvedAt: string,
    readonly windowDays: number,
  ) {
    super(`ticket ${ticketId} was resolved at ${resolvedAt}, more than ${windowDays} days ago`);
  }
}

export class TicketClosedError extends ServiceDeskDomainError {
  readonly code = 'TICKET_CLOSED';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} is closed; open a new ticket instead`);
  }
}

/** A calendar whose working hours (holidays aside) never come cannot place a deadline. */
export class NoBusinessTimeError extends ServiceDeskDomainError {
  readonly code = 'NO_BUSINESS_TIME';
  constructor(readonly calendarId: string) {
    super(`calendar ${calendarId} has no working time in the searched horizon`);
  }
}

/** No configured SLA policy matches the ticket (configure a policy with no criteria as a fallback). */
export class NoSlaPolicyError extends ServiceDeskDomainError {
  readonly code = 'NO_SLA_POLICY';
  constructor(readonly ticket: { priority: string; type: string }) {
    super(`no SLA policy matches a ${ticket.priority} ${ticket.type}`);
  }
}

/** The caller's roles do not allow the operation (says nothing about any ticket). */
export class CallerNotAllowedError extends ServiceDeskDomainError {
  readonly code = 'PERMISSION_DENIED';
}

export class ArticleNotFoundError extends ServiceDeskDomainError {
  readonly code = 'ARTICLE_NOT_FOUND';
  constructor(
    readonly articleId: string,
    readonly locale?: string,
  ) {
    super(`article ${articleId}${locale ? ` has no ${locale} version` : ' does not exist'}`);
  }
}

/** Retiring a draft, or counting a deflection on an article nobody can read yet. */
export class ArticleNotPublishedError extends ServiceDeskDomainError {
  readonly code = 'ARTICLE_NOT_PUBLISHED';
  constructor(
    readonly articleId: string,
    readonly locale: string,
  ) {
    super(`article ${articleId} is not published in ${locale}`);
  }
}

/** A survey link that is forged, expired, of another tenant, or names no survey of the ticket. */
export class SurveyInvalidError extends ServiceDeskDomainError {
  readonly code = 'SURVEY_INVALID';
  constructor(readonly reason: string) {
    super(`the survey link is not valid: ${reason}`);
  }
}

export class SurveyAlreadyAnsweredError extends ServiceDeskDomainError {
  readonly code = 'SURVEY_ALREADY_ANSWERED';
  constructor(readonly ticketId: string) {
    super(`the survey of ticket ${ticketId} was already answered`);
  }
}

/** A ticket cannot be merged into itself. */
export class MergeIntoItselfError extends ServiceDeskDomainError {
  readonly code = 'MERGE_INTO_ITSELF';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} cannot be merged into itself`);
  }
}

/** The surviving ticket of a merge must be open (not resolved or closed). */
export class MergeTargetNotOpenError extends ServiceDeskDomainError {
  readonly code = 'MERGE_TARGET_NOT_OPEN';
  constructor(
    readonly ticketId: string,
    readonly status: string,
  ) {
    super(`ticket ${ticketId} is ${status}: merge into an open ticket`);
  }
}

/** Duplicates of two different customers' tickets are not duplicates. */
export class MergeCustomerMismatchError extends ServiceDeskDomainError {
  readonly code = 'MERGE_CUSTOMER_MISMATCH';
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} belongs to another customer than the ticket it would merge into`);
  }
}

/** The ticket was merged into another; what was meant for it goes there. */
export class TicketMergedError extends ServiceDeskDomainError {
  readonly code = 'TICKET_MERGED';
  constructor(
    readonly ticketId: string,
    readonly intoTicketId: string,
  ) {
    super(`ticket ${ticketId} was merged into ${intoTicketId}`);
  }
}
