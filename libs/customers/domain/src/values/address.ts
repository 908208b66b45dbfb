// Postal addresses: structured, bounded, with an ISO 3166-1 alpha-2 country code.
import { LIMITS, cleanText } from './text';
import type { Violations } from '../errors';

export interface PostalAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly postalCode?: string;
  readonly city: string;
  readonly region?: string;
  readonly countryCode: string;
}

export interface PostalAddressInput {
  readonly line1?: string;
  readonly line2?: string;
  readonly postalCode?: string;
  readonly city?: string;
  readonly region?: string;
  readonly countryCode?: string;
}

export function validateAddress(
  violations: Violations,
  field: string,
  input: PostalAddressInput,
): PostalAddress | undefined {
  const before = violations.all.length;
  const line1 = cleanText(violations, `${field}.line1`, input.line1, {
    max: LIMITS.shortText,
    required: true,
  });
  const line2 = cleanText(violations, `${field}.line2`, input.line2, { max: LIMITS.shortText });
  const postalCode = cleanText(violations, `${field}.postalCode`, input.postalCode, { max: 20 });
  const city = cleanText(violations, `${field}.city`, input.city, {
    max: LIMITS.shortText,
    required: true,
  });
  const region = cleanText(violations, `${field}.region`, input.region, { max: LIMITS.shortText });
  const country = (input.countryCode ?? '').trim().toUpperCase();
  if (country.length === 0) violations.add(`${field}.countryCode`, 'REQUIRED', 'is required');
  else if (!/^[A-Z]{2}$/.test(country)) {
    violations.add(
      `${field}.countryCode`,
      'INVALID_FORMAT',
      'must be an ISO 3166-1 alpha-2 code, e.g. DE',
    );
  }
  if (violations.all.length > before || line1 === undefined || city === undefined) return undefined;
  return {
    line1,
    ...(line2 !== undefined ? { line2 } : {}),
    ...(postalCode !== undefined ? { postalCode } : {}),
    city,
    ...(region !== undefined ? { region } : {}),
    countryCode: country,
  };
}

/** One comparable text for duplicate checks within a customer. */
export function addressKey(address: PostalAddress): string {
  return [
    address.line1,
    address.line2 ?? '',
    address.postalCode ?? '',
    address.city,
    address.countryCode,
  ]
    .map((part) => part.toLowerCase().replace(/\s+/g, ' '))
    .join('|');
}
