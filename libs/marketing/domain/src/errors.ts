// Typed errors of the Marketing domain. Every error has a stable `code` (the gRPC ErrorDetail code
// the gateway maps); messages are for humans and may change, codes may not.

export abstract class MarketingDomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type MarketingAggregate =
  'segment' | 'template' | 'campaign' | 'campaign message' | 'campaign variant';

export class RecordNotFoundError extends MarketingDomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly aggregate: MarketingAggregate,
    readonly id: string,
  ) {
    super(`No ${aggregate} ${id}`);
  }
}

export class RecordAlreadyExistsError extends MarketingDomainError {
  readonly code = 'ALREADY_EXISTS';
  constructor(
    readonly aggregate: MarketingAggregate,
    readonly id: string,
  ) {
    super(`The ${aggregate} ${id} already exists`);
  }
}

/** The command does not fit the campaign's status (schedule a sent campaign, send a cancelled one). */
export class InvalidTransitionError extends MarketingDomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly aggregate: MarketingAggregate,
    readonly status: string,
    readonly action: string,
  ) {
    super(`A ${aggregate} that is ${status} cannot be ${action}`);
  }
}

/** One problem of a segment rule, at a JSON path such as `and[1].value`. */
export interface RuleProblem {
  readonly path: string;
  readonly code: 'UNKNOWN_FIELD' | 'UNKNOWN_OPERATOR' | 'TYPE_MISMATCH' | 'MALFORMED' | 'TOO_LARGE';
  readonly message: string;
}

export class InvalidSegmentRuleError extends MarketingDomainError {
  readonly code = 'INVALID_SEGMENT_RULE';
  constructor(readonly problems: readonly RuleProblem[]) {
    super(`Invalid segment rule: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

export class TemplateSyntaxError extends MarketingDomainError {
  readonly code = 'TEMPLATE_SYNTAX';
  constructor(
    readonly part: string,
    detail: string,
  ) {
    super(`${part}: ${detail}`);
  }
}

/** A template uses a variable that is not a declared merge field. */
export class UnknownMergeFieldError extends MarketingDomainError {
  readonly code = 'UNKNOWN_MERGE_FIELD';
  constructor(
    readonly part: string,
    readonly field: string,
  ) {
    super(`${part}: ${field} is not a merge field`);
  }
}

/** A merge field has no value for this recipient and the template gives no fallback: no send. */
export class MergeFieldMissingError extends MarketingDomainError {
  readonly code = 'MERGE_FIELD_MISSING';
  constructor(readonly field: string) {
    super(`The recipient has no ${field} and the template gives no fallback`);
  }
}

export class LocaleNotAvailableError extends MarketingDomainError {
  readonly code = 'LOCALE_NOT_AVAILABLE';
  constructor(
    readonly templateId: string,
    readonly locale: string,
  ) {
    super(`Template ${templateId} has no ${locale} version`);
  }
}

export class InvalidUnsubscribeTokenError extends MarketingDomainError {
  readonly code = 'INVALID_UNSUBSCRIBE_TOKEN';
  constructor() {
    super('The unsubscribe link is not valid');
  }
}

/** Campaigns need an approval before launch here, and this one has none. */
export class ApprovalRequiredError extends MarketingDomainError {
  readonly code = 'APPROVAL_REQUIRED';
  constructor(readonly campaignId: string) {
    super(`Campaign ${campaignId} needs an approval before it is scheduled or sent`);
  }
}

/** An approval needs a test send of the campaign first. */
export class TestSendRequiredError extends MarketingDomainError {
  readonly code = 'TEST_SEND_REQUIRED';
  constructor(readonly campaignId: string) {
    super(`Campaign ${campaignId} needs a test send before it is approved`);
  }
}

/** A tracking pixel or link whose token is forged, altered or malformed. */
export class InvalidTrackingTokenError extends MarketingDomainError {
  readonly code = 'INVALID_TRACKING_TOKEN';
  constructor() {
    super('The tracking link is not valid');
  }
}
