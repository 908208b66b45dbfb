// Input validation of Customer commands: normalises values and collects field-level violations.
import { Violations, type ViolationCode } from '../errors';
import { addressKey, validateAddress, type PostalAddress } from '../values/address';
import { parseCalendarDate, parseInstant } from '../values/dates';
import { normaliseCurrency, parseMoney } from '../values/money';
import { normaliseBankCard, type BankCard } from '../values/bank-card';
import { normaliseEmail } from '../values/email';
import { normaliseNationalId } from '../values/national-id';
import { normalisePhone } from '../values/phone';
import { defined } from '../values/defined';
import { LIMITS, cleanId, cleanText } from '../values/text';
import type { ContactInput, RecordPurchase, RefundPurchase } from './customer.commands';
import { TAG_KINDS, type AcquisitionChannel, type Contact, type Tag } from './customer.types';

/** A contact after validation, before it gets its primary flag. */
type WithoutPrimary<C> = C extends Contact
  ? Omit<C, 'primary'> & { readonly requestedPrimary: boolean }
  : never;
export type ValidContact = WithoutPrimary<Contact>;

/** The value part of a contact, as a discriminated union. */
export type ContactValue =
  | { readonly kind: 'email' | 'phone'; readonly value: string }
  | { readonly kind: 'address'; readonly value: PostalAddress };

/** How far in the future a client-supplied time may be (clock skew between systems). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Records the violation; the value is not taken. */
function refuse(violations: Violations, field: string, code: ViolationCode, message: string) {
  violations.add(field, code, message);
  return undefined;
}

const INVALID_CONTACT = {
  email: ['INVALID_EMAIL', 'is not a valid email address'],
  phone: [
    'INVALID_PHONE',
    'is not a valid phone number: use +<country code><number>, or give a default country calling code',
  ],
} as const;

export function validateContact(
  violations: Violations,
  field: string,
  input: ContactInput,
  defaultCountryCallingCode: string | undefined,
): ValidContact | undefined {
  const contactId = cleanId(violations, `${field}.contactId`, input.contactId, { required: true });
  const label = cleanText(violations, `${field}.label`, input.label, { max: LIMITS.label });
  const base = { ...defined({ label }), requestedPrimary: input.primary === true };
  switch (input.kind) {
    case 'email':
    case 'phone': {
      const { kind } = input;
      const value =
        kind === 'email'
          ? normaliseEmail(input.value)
          : normalisePhone(input.value, defaultCountryCallingCode);
      if (value === undefined) {
        const [code, message] = INVALID_CONTACT[kind];
        const empty = input.value.trim() === '';
        return refuse(violations, `${field}.${kind}`, empty ? 'REQUIRED' : code, message);
      }
      return contactId === undefined ? undefined : { contactId, kind, value, ...base };
    }
    case 'address': {
      const address = validateAddress(violations, `${field}.address`, input.value);
      return address === undefined || contactId === undefined
        ? undefined
        : { contactId, kind: 'address', value: address, ...base };
    }
    default: {
      const unknown: never = input;
      violations.add(`${field}`, 'REQUIRED', 'must be one of email, phone, address');
      return unknown;
    }
  }
}

/** The comparable identity of a contact value within one customer. */
export function contactValueKey(contact: ContactValue): string {
  return contact.kind === 'address'
    ? `address:${addressKey(contact.value)}`
    : `${contact.kind}:${contact.value}`;
}

/** Distinct tags with clean values; `inputs` have a known kind and the value as given. */
export function validateTags(violations: Violations, field: string, inputs: readonly Tag[]): Tag[] {
  if (inputs.length > LIMITS.tagsPerKind * TAG_KINDS.length) {
    violations.add(
      field,
      'TOO_MANY',
      `at most ${LIMITS.tagsPerKind * TAG_KINDS.length} tags per request`,
    );
    return [];
  }
  const tags: Tag[] = [];
  inputs.forEach(({ kind, value: raw }, i) => {
    const value = normaliseTag(violations, `${field}[${i}].value`, raw);
    if (value !== undefined && !tags.some((t) => t.kind === kind && t.value === value))
      tags.push({ kind, value });
  });
  return tags;
}

/** Tags compare case-insensitively and ignore repeated whitespace: "Outdoor  Sports" = "outdoor sports". */
export function normaliseTag(
  violations: Violations,
  field: string,
  value: string,
): string | undefined {
  const text = cleanText(violations, field, value, { max: LIMITS.tag, required: true });
  return text?.toLowerCase().replace(/\s+/g, ' ');
}

export function validateNationalId(
  violations: Violations,
  field: string,
  value: string,
): string | undefined {
  const id = normaliseNationalId(value);
  if (id === undefined) violations.add(field, 'INVALID_FORMAT', 'must be 4-32 letters and digits');
  return id;
}

export function validateBankCard(
  v: Violations,
  field: string,
  value: string,
): BankCard | undefined {
  const card = normaliseBankCard(value);
  if (card === undefined) v.add(field, 'INVALID_FORMAT', 'is not a valid card number');
  return card;
}

/**
 * A client-supplied instant that must not lie in the future; undefined when not given (the decider
 * then takes the command's `now`, which stays out of the command's idempotency fingerprint).
 */
export function validatePastInstant(
  violations: Violations,
  field: string,
  value: string | undefined,
  now: string,
): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const instant = parseInstant(value);
  if (instant === undefined)
    return refuse(
      violations,
      field,
      'INVALID_FORMAT',
      'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T10:00:00Z',
    );
  if (Date.parse(instant) > Date.parse(now) + FUTURE_TOLERANCE_MS)
    return refuse(violations, field, 'OUT_OF_RANGE', 'must not be in the future');
  return instant;
}

export function validateBirthday(
  violations: Violations,
  field: string,
  value: string,
  now: string,
): string | undefined {
  const date = parseCalendarDate(value);
  if (date === undefined)
    return refuse(violations, field, 'INVALID_FORMAT', 'must be a date YYYY-MM-DD');
  if (date > now.slice(0, 10) || date < '1900-01-01')
    return refuse(violations, field, 'OUT_OF_RANGE', 'must be between 1900-01-01 and today');
  return date;
}

/** A purchase as a source reports it (the RecordPurchase request, sales' OrderPlaced): raw text. */
export interface PurchaseInput {
  readonly orderId: string;
  readonly items: readonly {
    readonly sku?: string;
    readonly name?: string;
    readonly category?: string;
    readonly quantity: number;
    readonly unitPrice?: string;
  }[];
  readonly amount: string;
  readonly currency: string;
  readonly channel: AcquisitionChannel;
  readonly purchasedAt?: string;
}

/** The clean RecordPurchase data of `input`, or every violation at once. */
export function parsePurchase(
  input: PurchaseInput,
  now: string,
): Omit<RecordPurchase['data'], 'customerId'> {
  return Violations.collect((v) => {
    const orderId = cleanId(v, 'orderId', input.orderId, { required: true });
    if (input.items.length > LIMITS.purchaseItems)
      v.add('items', 'TOO_MANY', `at most ${LIMITS.purchaseItems} items`);
    const items = input.items.slice(0, LIMITS.purchaseItems).map((item, i) => {
      const at = `items[${i}]`;
      const sku = cleanId(v, `${at}.sku`, item.sku);
      const name = cleanText(v, `${at}.name`, item.name, { max: LIMITS.shortText });
      const category = cleanText(v, `${at}.category`, item.category, {
        max: LIMITS.tag,
        required: true,
      });
      const { quantity } = item;
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000)
        v.add(`${at}.quantity`, 'OUT_OF_RANGE', 'must be a whole number between 1 and 1,000,000');
      const price = item.unitPrice ? parseMoney(item.unitPrice) : undefined;
      if (item.unitPrice && (price === undefined || price.amountMinor < 0))
        v.add(`${at}.unitPrice`, 'INVALID_FORMAT', 'must be a decimal like 19.99');
      const unitPrice = price && price.amountMinor >= 0 ? price.amount : undefined;
      return {
        ...defined({ sku, name, unitPrice }),
        category: category?.toLowerCase() ?? '',
        quantity,
      };
    });
    const money = parseMoney(input.amount);
    if (money === undefined) {
      const code = input.amount.trim() === '' ? 'REQUIRED' : 'INVALID_FORMAT';
      v.add('amount', code, 'must be a decimal like 129.90');
    } else if (money.amountMinor < 0) v.add('amount', 'OUT_OF_RANGE', 'must not be negative');
    const currency = normaliseCurrency(input.currency);
    if (currency === undefined)
      v.add('currency', 'INVALID_FORMAT', 'must be an ISO-4217 code like EUR');
    const purchasedAt = validatePastInstant(v, 'purchasedAt', input.purchasedAt, now);
    const { amount, amountMinor } = money ?? { amount: '', amountMinor: 0 };
    const { channel } = input;
    const purchase = {
      orderId: orderId!,
      items,
      amount,
      amountMinor,
      currency: currency!,
      channel,
    };
    return { ...purchase, ...defined({ purchasedAt }), now };
  });
}

/** A refund as Sales reports it (sales.OrderRefunded): raw text. */
export interface RefundInput {
  readonly orderId: string;
  readonly salesEventId: string;
  readonly amount: string;
  readonly currency: string;
  readonly refundedAt: string;
}

/** The clean RefundPurchase data of `input`, or every violation at once. */
export function parseRefund(
  input: RefundInput,
  now: string,
): Omit<RefundPurchase['data'], 'customerId'> {
  return Violations.collect((v) => {
    const orderId = cleanId(v, 'orderId', input.orderId, { required: true });
    const salesEventId = cleanId(v, 'salesEventId', input.salesEventId, { required: true });
    const money = parseMoney(input.amount);
    if (money === undefined || money.amountMinor <= 0)
      v.add('amount', 'OUT_OF_RANGE', 'must be a positive decimal like 19.99');
    const currency = normaliseCurrency(input.currency);
    if (currency === undefined)
      v.add('currency', 'INVALID_FORMAT', 'must be an ISO-4217 code like EUR');
    const refundedAt = validatePastInstant(v, 'refundedAt', input.refundedAt, now);
    return {
      orderId: orderId!,
      salesEventId: salesEventId!,
      amountMinor: money?.amountMinor ?? 0,
      currency: currency!,
      refundedAt: refundedAt ?? input.refundedAt,
    };
  });
}
