// Free-text rules shared by every command: trimmed, bounded, no control characters.
import { CUSTOMER_LIMITS } from '../customers.limits';
import type { Violations } from '../errors';

/** The context's limits (customers.limits.ts), under the name the domain code uses. */
export const LIMITS = CUSTOMER_LIMITS;

// Control characters other than tab/newline make exports and CSV reports unreadable.

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Trims `value` and checks it. Returns the clean text, `undefined` for empty optional input, or
 * `undefined` after recording a violation.
 */
export function cleanText(
  violations: Violations,
  field: string,
  value: string | undefined,
  options: { readonly max: number; readonly required?: boolean },
): string | undefined {
  const text = (value ?? '').trim();
  if (text.length === 0) {
    if (options.required) violations.add(field, 'REQUIRED', 'is required');
    return undefined;
  }
  if (text.length > options.max) {
    violations.add(field, 'TOO_LONG', `must be at most ${options.max} characters`);
    return undefined;
  }
  if (CONTROL.test(text)) {
    violations.add(field, 'INVALID_FORMAT', 'must not contain control characters');
    return undefined;
  }
  return text;
}

/** Ids chosen by clients (external ids, order ids, user ids): no spaces, bounded. */
export function cleanId(
  violations: Violations,
  field: string,
  value: string | undefined,
  options: { readonly required?: boolean } = {},
): string | undefined {
  const text = cleanText(violations, field, value, { max: LIMITS.id, ...options });
  if (text !== undefined && /\s/.test(text)) {
    violations.add(field, 'INVALID_FORMAT', 'must not contain whitespace');
    return undefined;
  }
  return text;
}
