// Proto enum names ⇄ domain literals: `ACQUISITION_CHANNEL_WEB_FORM` ⇄ `web_form`. The prefix is
// the enum's name in UPPER_SNAKE; `*_UNSPECIFIED` (or an empty value) means "not given".
import type { Violations } from '@crm/customers-domain';

export function fromProtoEnum<T extends string>(
  violations: Violations,
  field: string,
  prefix: string,
  value: string | number | undefined | null,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === null || value === '' || value === 0) return undefined;
  const text = String(value);
  // No string built for the check: it runs for every enum field of every command and CSV row.
  const prefixed = text.startsWith(prefix) && text.charCodeAt(prefix.length) === 95; // '_'
  if (prefixed && text.length === prefix.length + 12 && text.endsWith('_UNSPECIFIED'))
    return undefined;
  const literal = (prefixed ? text.slice(prefix.length + 1) : text).toLowerCase();
  if ((allowed as readonly string[]).includes(literal)) return literal as T;
  violations.add(
    field,
    'UNKNOWN_VALUE',
    `must be one of ${allowed.map((a) => `${prefix}_${a.toUpperCase()}`).join(', ')}`,
  );
  return undefined;
}

/** `E` is the generated enum type the caller fills (e.g. `DuplicateMatch`). */
export function toProtoEnum<E extends string | number = string>(
  prefix: string,
  literal: string,
): E {
  return `${prefix}_${literal.toUpperCase()}` as E;
}
