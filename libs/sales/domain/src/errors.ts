// Typed errors of the Sales domain. Every error has a stable `code` (the gRPC ErrorDetail code the
// gateway maps); messages are for humans and may change, codes may not. The deciders throw these
// for broken business rules only; shape and format problems are the service parsers'.

/** The aggregates of the sales context, as errors name them. */
export type SalesAggregate =
  | 'lead'
  | 'opportunity'
  | 'order'
  | 'quote'
  | 'activity'
  | 'forecast'
  | 'contract'
  | 'quota'
  | 'team'
  | 'note';

export abstract class SalesDomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class RecordNotFoundError extends SalesDomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly aggregate: SalesAggregate,
    readonly id: string,
  ) {
    super(`No ${aggregate} ${id}`);
  }
}

export class RecordAlreadyExistsError extends SalesDomainError {
  readonly code = 'ALREADY_EXISTS';
  constructor(
    readonly aggregate: SalesAggregate,
    readonly id: string,
  ) {
    super(`The ${aggregate} ${id} already exists`);
  }
}

/** The command does not fit the record's current status (qualify a converted lead, win a lost deal). */
export class InvalidTransitionError extends SalesDomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly aggregate: SalesAggregate,
    readonly status: string,
    readonly action: string,
  ) {
    super(`A ${aggregate} that is ${status} cannot be ${action}`);
  }
}

export class LeadAlreadyConvertedError extends SalesDomainError {
  readonly code = 'LEAD_ALREADY_CONVERTED';
  constructor(
    readonly leadId: string,
    readonly customerId: string,
  ) {
    super(`Lead ${leadId} was already converted (customer ${customerId})`);
  }
}

export class UnknownPipelineError extends SalesDomainError {
  readonly code = 'UNKNOWN_PIPELINE';
  constructor(readonly pipelineId: string) {
    super(`There is no pipeline ${pipelineId}`);
  }
}

export class UnknownStageError extends SalesDomainError {
  readonly code = 'UNKNOWN_STAGE';
  constructor(
    readonly pipelineId: string,
    readonly stageId: string,
  ) {
    super(`Pipeline ${pipelineId} has no open stage ${stageId}`);
  }
}

export class OpportunityNotWonError extends SalesDomainError {
  readonly code = 'OPPORTUNITY_NOT_WON';
  constructor(
    readonly opportunityId: string,
    readonly status: string,
  ) {
    super(`An order can only be placed from a won opportunity; ${opportunityId} is ${status}`);
  }
}

export class OrderMismatchError extends SalesDomainError {
  readonly code = 'ORDER_MISMATCH';
  constructor(readonly detail: string) {
    super(detail);
  }
}

export class RefundExceedsOrderError extends SalesDomainError {
  readonly code = 'REFUND_EXCEEDS_ORDER';
  constructor(
    readonly orderId: string,
    readonly refundable: string,
  ) {
    super(`Order ${orderId} has only ${refundable} left to refund`);
  }
}

/** A quote that needs approval (discount or amount over the policy) cannot be sent before it. */
export class QuoteNeedsApprovalError extends SalesDomainError {
  readonly code = 'QUOTE_NEEDS_APPROVAL';
  constructor(
    readonly quoteId: string,
    readonly version: number,
  ) {
    super(`Quote ${quoteId} version ${version} needs approval before it is sent`);
  }
}

/**
 * The quote's next approval step is another role's (ADR 0382): a manager cannot give an admin's
 * approval. Mapped to PERMISSION_DENIED; nothing is written.
 */
export class NotTheApproverError extends SalesDomainError {
  readonly code = 'NOT_THE_APPROVER';
  constructor(
    readonly quoteId: string,
    readonly approverRole: string,
  ) {
    super(`Quote ${quoteId} waits for the approval of its next approver (${approverRole})`);
  }
}

/** An approval or acceptance names a version the quote no longer has (it was revised since). */
export class QuoteSupersededError extends SalesDomainError {
  readonly code = 'QUOTE_SUPERSEDED';
  constructor(
    readonly quoteId: string,
    readonly version: number,
    readonly currentVersion: number,
  ) {
    super(`Quote ${quoteId} version ${version} was superseded by version ${currentVersion}`);
  }
}

/** The quote's validity has ended (at or after validUntil, or already expired). */
export class QuoteExpiredError extends SalesDomainError {
  readonly code = 'QUOTE_EXPIRED';
  constructor(
    readonly quoteId: string,
    readonly validUntil: string,
  ) {
    super(`Quote ${quoteId} expired at ${validUntil}`);
  }
}

/** A quote is built from an open opportunity only. */
export class OpportunityNotOpenError extends SalesDomainError {
  readonly code = 'OPPORTUNITY_NOT_OPEN';
  constructor(
    readonly opportunityId: string,
    readonly status: string,
  ) {
    super(`A quote needs an open opportunity; ${opportunityId} is ${status}`);
  }
}

/** A quote needs lines: none were given and its opportunity has none (ADR 0442). */
export class QuoteWithoutLinesError extends SalesDomainError {
  readonly code = 'QUOTE_WITHOUT_LINES';
  constructor(
    readonly quoteId: string,
    readonly opportunityId: string,
  ) {
    super(
      `Quote ${quoteId} has no lines: none were given and opportunity ${opportunityId} has none`,
    );
  }
}
