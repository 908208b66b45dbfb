// Typed errors of the Customers domain. Every error has a stable `code` (the gRPC ErrorDetail code
// in proto/customers.proto); messages are for humans and may change, codes may not.

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
  | 'UNKNOWN_CUSTOM_FIELD'
  | 'WRONG_TYPE'
  | 'DUPLICATE'
  | 'NOT_ALLOWED';

export abstract class CustomersDomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class CustomerValidationError extends CustomersDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(
      violations.length === 1 && violations[0]
        ? `${violations[0].field}: ${violations[0].message}`
        : `${violations.length} invalid fields: ${violations.map((v) => v.field).join(', ')}`,
    );
  }
}

export class CustomerNotFoundError extends CustomersDomainError {
  readonly code = 'CUSTOMER_NOT_FOUND';
  constructor(readonly customerId: string) {
    super(`Customer ${customerId} does not exist`);
  }
}

export class CustomerAlreadyExistsError extends CustomersDomainError {
  readonly code = 'CUSTOMER_ALREADY_EXISTS';
  constructor(readonly customerId: string) {
    super(`Customer ${customerId} is already registered`);
  }
}

export class CustomerErasedError extends CustomersDomainError {
  readonly code = 'CUSTOMER_ERASED';
  constructor(readonly customerId: string) {
    super(`Customer ${customerId} has been erased; its record is closed`);
  }
}

export class CustomerMergedError extends CustomersDomainError {
  readonly code = 'CUSTOMER_MERGED';
  constructor(
    readonly customerId: string,
    readonly survivorCustomerId: string,
  ) {
    super(`Customer ${customerId} was merged into ${survivorCustomerId}; use that customer`);
  }
}

/** A cancellation or refund of an order not (yet) recorded as the customer's purchase. */
export class PurchaseNotFoundError extends CustomersDomainError {
  readonly code = 'PURCHASE_NOT_FOUND';
  constructor(
    readonly customerId: string,
    readonly orderId: string,
  ) {
    super(`Customer ${customerId} has no purchase of order ${orderId}`);
  }
}

export class ContactNotFoundError extends CustomersDomainError {
  readonly code = 'CONTACT_NOT_FOUND';
  constructor(
    readonly customerId: string,
    readonly contactId: string,
  ) {
    super(`Customer ${customerId} has no contact ${contactId}`);
  }
}

export class InvalidLifecycleTransitionError extends CustomersDomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`A customer cannot go from ${from} to ${to}`);
  }
}

export class CustomFieldTypeChangeError extends CustomersDomainError {
  readonly code = 'CUSTOM_FIELD_TYPE_CHANGE';
  constructor(
    readonly fieldName: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Custom field ${fieldName} is declared as ${from}; its type cannot change to ${to}`);
  }
}

export class MergeNotAllowedError extends CustomersDomainError {
  readonly code = 'MERGE_NOT_ALLOWED';
  constructor(reason: string) {
    super(reason);
  }
}

/** Collects violations while validating a whole command, so one response names every bad field. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, code: ViolationCode, message: string): void {
    this.list.push({ field, code, message });
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  get all(): readonly FieldViolation[] {
    return this.list;
  }

  /** Throws CustomerValidationError when anything was collected. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new CustomerValidationError([...this.list]);
  }

  /** Runs `build` with a fresh collector and throws every violation at once, or returns its result. */
  static collect<T>(build: (violations: Violations) => T): T {
    const violations = new Violations();
    const result = build(violations);
    violations.throwIfAny();
    return result;
  }
}
