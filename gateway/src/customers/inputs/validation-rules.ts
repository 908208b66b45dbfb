// Shared validation rules and limits for customer inputs. Limits keep single fields small; the
// body limit (CRM_GATEWAY_MAX_BODY_BYTES) bounds the request as a whole.
import { Matches, type ValidationOptions } from 'class-validator';

export const LIMITS = {
  shortText: 200,
  longText: 10_000,
  id: 64,
  contacts: 20,
  tags: 50,
  tagValue: 100,
  customFieldValues: 100,
  purchaseItems: 200,
  importCsvChars: 1_000_000,
  importMappings: 200,
  searchText: 200,
} as const;

export const UUID_RULE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Custom field names: a camelCase identifier, so a name can never be a Mongo operator (`$where`) or path (`a.b`). */
export const CUSTOM_FIELD_NAME_RULE = /^[a-z][a-zA-Z0-9_]{0,63}$/;
export const IDEMPOTENCY_KEY_RULE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const TEAM_ID_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PHONE_RULE = /^\+?[0-9][0-9 ()./-]{2,30}$/;
export const DATE_RULE = /^\d{4}-\d{2}-\d{2}$/;
export const ISO_TIME_RULE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const DECIMAL_RULE = /^\d{1,15}(\.\d{1,2})?$/;
export const CURRENCY_RULE = /^[A-Z]{3}$/;
export const COUNTRY_RULE = /^[A-Z]{2}$/;
export const CALLING_CODE_RULE = /^\d{1,4}$/;

export const IsUuidId = (what: string, options?: ValidationOptions): PropertyDecorator =>
  Matches(UUID_RULE, { message: `${what} must be a UUID`, ...options });

export const IsPhoneNumber = (): PropertyDecorator =>
  Matches(PHONE_RULE, {
    message: 'phone must be a phone number of 3 to 31 digits, optionally starting with +',
    context: { code: 'INVALID_PHONE' },
  });
