// The edge of the service: turns fields of a generated proto request (strings always present, empty
// meaning "not given") into typed values, collecting every problem as a field violation
// (INVALID_ARGUMENT with typed details; nothing is written). Limits are SERVICE_DESK_LIMITS.
import {
  LOCALE_PATTERN,
  SERVICE_DESK_LIMITS,
  ServiceDeskValidationError,
  type FieldViolation,
  e164,
} from '@crm/service-desk-domain';

const ID = /^[^\s/]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class RequestReader {
  private readonly violations: FieldViolation[] = [];

  add(field: string, code: FieldViolation['code'], message: string): void {
    this.violations.push({ field, code, message });
  }

  done(): void {
    if (this.violations.length > 0) throw new ServiceDeskValidationError(this.violations);
  }

  id(field: string, value: string | undefined): string | undefined {
    const id = (value ?? '').trim();
    if (!id) return undefined;
    if (id.length > SERVICE_DESK_LIMITS.id || !ID.test(id)) {
      this.add(
        field,
        'INVALID_FORMAT',
        `must be at most ${SERVICE_DESK_LIMITS.id} characters without spaces or /`,
      );
    }
    return id;
  }

  requiredId(field: string, value: string | undefined): string {
    const id = this.id(field, value);
    if (id === undefined) this.add(field, 'REQUIRED', 'is required');
    return id ?? '';
  }

  requiredText(field: string, value: string | undefined, max: number): string {
    const text = (value ?? '').trim();
    if (!text) this.add(field, 'REQUIRED', 'is required');
    else if (text.length > max) this.add(field, 'TOO_LONG', `must be at most ${max} characters`);
    return text;
  }

  email(field: string, value: string | undefined): string | undefined {
    const email = (value ?? '').trim().toLowerCase();
    if (!email) return undefined;
    if (email.length > 320 || !EMAIL.test(email))
      this.add(field, 'INVALID_EMAIL', 'must be an e-mail address');
    return email;
  }

  /** A phone number in international form, normalised to E.164 ("+" and 8 to 15 digits). */
  phone(field: string, value: string | undefined): string | undefined {
    const given = (value ?? '').trim();
    if (!given) return undefined;
    const phone = e164(given);
    if (phone === undefined)
      this.add(field, 'INVALID_PHONE', 'must be an international number (+ and 8 to 15 digits)');
    return phone ?? given;
  }

  tags(field: string, values: readonly string[] | undefined): string[] {
    const tags = [...new Set((values ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
    if (tags.length > SERVICE_DESK_LIMITS.tags)
      this.add(field, 'TOO_MANY', `at most ${SERVICE_DESK_LIMITS.tags} tags`);
    tags.forEach((tag, index) => {
      if (tag.length > SERVICE_DESK_LIMITS.tag)
        this.add(
          `${field}[${index}]`,
          'TOO_LONG',
          `must be at most ${SERVICE_DESK_LIMITS.tag} characters`,
        );
    });
    return tags;
  }

  /** Optional free text: undefined when empty. */
  optionalText(field: string, value: string | undefined, max: number): string | undefined {
    const text = (value ?? '').trim();
    if (!text) return undefined;
    if (text.length > max) this.add(field, 'TOO_LONG', `must be at most ${max} characters`);
    return text;
  }

  /** An integer within [min, max]. */
  integerIn(field: string, value: number | undefined, min: number, max: number): number {
    const number = value ?? 0;
    if (!Number.isInteger(number) || number < min || number > max)
      this.add(field, 'OUT_OF_RANGE', `must be an integer from ${min} to ${max}`);
    return number;
  }

  /** A required BCP 47 locale tag (`en`, `pt-BR`). */
  locale(field: string, value: string | undefined): string {
    const locale = (value ?? '').trim();
    if (!locale) this.add(field, 'REQUIRED', 'is required');
    else if (locale.length > SERVICE_DESK_LIMITS.locale || !LOCALE_PATTERN.test(locale))
      this.add(field, 'INVALID_FORMAT', 'must be a language tag such as en, fr or pt-BR');
    return locale;
  }

  /** A proto enum name (`TICKET_PRIORITY_HIGH`) as the domain's literal (`high`). */
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

  /** One of the allowed words (`not_needed`), as sent; required. */
  oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T {
    const word = (value ?? '').trim();
    if ((allowed as readonly string[]).includes(word)) return word as T;
    if (!word) this.add(field, 'REQUIRED', 'is required');
    else this.add(field, 'UNKNOWN_VALUE', `must be one of ${allowed.join(', ')}`);
    return allowed[0] as T;
  }

  /** An ISO-8601 instant; `fallback` when empty. */
  instant(field: string, value: string | undefined, fallback: Date): Date {
    const text = (value ?? '').trim();
    if (!text) return fallback;
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
      this.add(field, 'INVALID_FORMAT', 'must be an ISO-8601 instant such as 2026-12-07T09:30:00Z');
      return fallback;
    }
    return parsed;
  }
}

/** Reads a request with a fresh RequestReader and throws every violation at once. */
export function parseRequest<T>(read: (r: RequestReader) => T): T {
  const reader = new RequestReader();
  const result = read(reader);
  reader.done();
  return result;
}
