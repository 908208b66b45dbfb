// The edge of the service: turns fields of a generated proto request (what proto-loader delivers:
// strings always present, empty meaning "not given") into typed values, collecting every problem as
// a field violation (INVALID_ARGUMENT with typed details; nothing is written). The limits are the
// domain's SALES_LIMITS; no other limit is written here.
import { parseMinorUnits, SALES_LIMITS, SalesDomainError } from '@crm/sales-domain';

export type ViolationCode =
  'REQUIRED' | 'INVALID_FORMAT' | 'TOO_LONG' | 'TOO_MANY' | 'OUT_OF_RANGE' | 'UNKNOWN_VALUE';

export interface FieldViolation {
  readonly field: string;
  readonly code: ViolationCode;
  readonly message: string;
}

export class SalesValidationError extends SalesDomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }
}

const ID = /^[^\s/]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,40}$/;

/** Reads one request, collecting violations; `done` throws them all at once. */
export class RequestReader {
  private readonly violations: FieldViolation[] = [];

  add(field: string, code: ViolationCode, message: string): void {
    this.violations.push({ field, code, message });
  }

  done(): void {
    if (this.violations.length > 0) throw new SalesValidationError(this.violations);
  }

  /** A client-chosen id; undefined when empty and not required. */
  id(field: string, value: string | undefined): string | undefined {
    const id = (value ?? '').trim();
    if (!id) return undefined;
    if (id.length > SALES_LIMITS.id || !ID.test(id)) {
      this.add(
        field,
        'INVALID_FORMAT',
        `must be at most ${SALES_LIMITS.id} characters without spaces or /`,
      );
    }
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

  email(field: string, value: string | undefined): string | undefined {
    const email = this.text(field, value, 320)?.toLowerCase();
    if (email !== undefined && !EMAIL.test(email)) {
      this.add(field, 'INVALID_FORMAT', 'must be an email address');
    }
    return email;
  }

  phone(field: string, value: string | undefined): string | undefined {
    const phone = this.text(field, value, 40);
    if (phone !== undefined && !PHONE.test(phone)) {
      this.add(
        field,
        'INVALID_FORMAT',
        'must be a phone number (digits, spaces, +, -, parentheses)',
      );
    }
    return phone;
  }

  /** A non-negative decimal amount with at most two fraction digits, in minor units. */
  amount(field: string, value: string | undefined, options: { positive?: boolean } = {}): number {
    const text = (value ?? '').trim();
    if (!text) {
      this.add(field, 'REQUIRED', 'is required');
      return 0;
    }
    const minor = parseMinorUnits(text);
    if (minor === undefined) {
      this.add(
        field,
        'INVALID_FORMAT',
        'must be a non-negative decimal with at most two fraction digits, e.g. "129.90"',
      );
      return 0;
    }
    if (minor > SALES_LIMITS.orderTotalMinor || (options.positive && minor === 0)) {
      this.add(field, 'OUT_OF_RANGE', options.positive ? 'must be more than 0' : 'is too large');
    }
    return minor;
  }

  currency(field: string, value: string | undefined): string {
    const code = (value ?? '').trim().toUpperCase();
    if (!code) this.add(field, 'REQUIRED', 'is required');
    else if (!/^[A-Z]{3}$/.test(code)) {
      this.add(field, 'INVALID_FORMAT', 'must be an ISO-4217 code such as EUR');
    }
    return code;
  }

  /** A calendar date YYYY-MM-DD that exists. */
  date(field: string, value: string | undefined): string {
    const text = (value ?? '').trim();
    const match = DATE.exec(text);
    const valid =
      match !== null &&
      new Date(`${text}T00:00:00.000Z`).toISOString().slice(0, 10) === text &&
      Number(match[2]) >= 1;
    if (!text) this.add(field, 'REQUIRED', 'is required');
    else if (!valid) this.add(field, 'INVALID_FORMAT', 'must be a date YYYY-MM-DD');
    return text;
  }

  /** A proto enum name (`LEAD_SOURCE_WEB_FORM`) as the domain's literal (`web_form`). */
  enumValue<T extends string>(
    field: string,
    value: string | undefined,
    prefix: string,
    allowed: readonly T[],
  ): T {
    const name = (value ?? '').startsWith(prefix)
      ? (value ?? '').slice(prefix.length).toLowerCase()
      : '';
    if ((allowed as readonly string[]).includes(name)) return name as T;
    if (!value || value.endsWith('_UNSPECIFIED')) this.add(field, 'REQUIRED', 'is required');
    else
      this.add(
        field,
        'UNKNOWN_VALUE',
        `must be one of ${allowed.map((a) => prefix + a.toUpperCase()).join(', ')}`,
      );
    return allowed[0] as T;
  }

  /** An ISO-8601 instant with a zone (`2026-03-01T09:00:00Z`), normalised to UTC milliseconds. */
  instant(field: string, value: string | undefined): string {
    const text = (value ?? '').trim();
    const ms = INSTANT.test(text) ? Date.parse(text) : NaN;
    if (!text) this.add(field, 'REQUIRED', 'is required');
    else if (Number.isNaN(ms)) {
      this.add(field, 'INVALID_FORMAT', 'must be an ISO-8601 instant such as 2026-03-01T09:00:00Z');
      return '';
    }
    return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  }

  integer(field: string, value: number | undefined, min: number, max: number): number {
    const n = value ?? 0;
    if (!Number.isInteger(n) || n < min || n > max) {
      this.add(field, 'OUT_OF_RANGE', `must be an integer from ${min} to ${max}`);
    }
    return n;
  }
}

/** Reads a request with a fresh RequestReader and throws every violation at once. */
export function parseRequest<T>(read: (r: RequestReader) => T): T {
  const reader = new RequestReader();
  const result = read(reader);
  reader.done();
  return result;
}
