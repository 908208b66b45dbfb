// The edge of the service: turns fields of a generated proto request (strings always present, empty
// meaning "not given") into typed values, collecting every problem as a field violation
// (INVALID_ARGUMENT with typed details; nothing is written). Limits are MARKETING_LIMITS.
import { MARKETING_LIMITS, MarketingDomainError } from '@crm/marketing-domain';

export interface FieldViolation {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export class MarketingValidationError extends MarketingDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

const ID = /^[^\s/]+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Reads one request, collecting violations; `done` throws them all at once. */
export class RequestReader {
  private readonly violations: FieldViolation[] = [];

  add(field: string, code: string, message: string): void {
    this.violations.push({ field, code, message });
  }

  done(): void {
    if (this.violations.length > 0) throw new MarketingValidationError(this.violations);
  }

  id(field: string, value: string | undefined): string | undefined {
    const id = (value ?? '').trim();
    if (!id) return undefined;
    if (id.length > MARKETING_LIMITS.id || !ID.test(id))
      this.add(
        field,
        'INVALID_FORMAT',
        `must be at most ${MARKETING_LIMITS.id} characters without spaces or /`,
      );
    return id;
  }

  requiredId(field: string, value: string | undefined): string {
    const id = this.id(field, value);
    if (id === undefined) this.add(field, 'REQUIRED', 'is required');
    return id ?? '';
  }

  text(field: string, value: string | undefined, max: number): string | undefined {
    const text = (value ?? '').trim();
    if (!text) return undefined;
    if (text.length > max) this.add(field, 'TOO_LONG', `must be at most ${max} characters`);
    return text;
  }

  requiredText(field: string, value: string | undefined, max: number): string {
    const text = this.text(field, value, max);
    if (text === undefined) this.add(field, 'REQUIRED', 'is required');
    return text ?? '';
  }

  requiredInstant(field: string, value: string | undefined): string {
    const text = this.requiredText(field, value, 40);
    if (text && (!INSTANT.test(text) || Number.isNaN(Date.parse(text)))) {
      this.add(field, 'INVALID_FORMAT', 'must be an ISO-8601 UTC instant');
      return '';
    }
    return text ? new Date(text).toISOString() : '';
  }

  /** A proto enum value (proto-loader gives its name) mapped to a domain literal. */
  requiredEnum<T extends string>(
    field: string,
    value: string | undefined,
    values: Readonly<Record<string, T>>,
  ): T {
    const mapped = value !== undefined && Object.hasOwn(values, value) ? values[value] : undefined;
    if (mapped === undefined)
      this.add(field, 'REQUIRED', `must be one of ${Object.keys(values).join(', ')}`);
    return mapped as T;
  }
}

/** Runs `read` with a fresh reader and throws the violations it collected. */
export function parseRequest<T>(read: (r: RequestReader) => T): T {
  const reader = new RequestReader();
  const value = read(reader);
  reader.done();
  return value;
}
