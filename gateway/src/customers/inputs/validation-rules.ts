// Shared validation rules and limits for customer inputs. Limits keep single fields small; the
// body limit (CRM_GATEWAY_MAX_BODY_BYTES) bounds the request as a whole.
import { CUSTOMER_LIMITS } from '@crm/customers-domain';
import { applyDecorators } from '@nestjs/common';
import { Field, ID, type FieldOptions } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsOptional,
  Matches,
  MinLength,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/**
 * Limits the gateway checks itself (searches and the import upload). Customer command fields are
 * validated once, by the customers service, against the domain's CUSTOMER_LIMITS; the gateway only
 * quotes those in its schema descriptions.
 */
export const LIMITS = {
  shortText: CUSTOMER_LIMITS.shortText,
  tagValue: CUSTOMER_LIMITS.tag,
  importCsvChars: 1_000_000,
  importMappings: 200,
  searchText: 200,
} as const;

export const UUID_RULE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Custom field names: a camelCase identifier, so a name can never be a Mongo operator (`$where`) or path (`a.b`). */
export const CUSTOM_FIELD_NAME_RULE = /^[a-z][a-zA-Z0-9_]{0,63}$/;
export const IDEMPOTENCY_KEY_RULE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const TEAM_ID_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CALLING_CODE_RULE = /^\d{1,4}$/;

export const IsUuidId = (what: string, options?: ValidationOptions): PropertyDecorator =>
  Matches(UUID_RULE, { message: `${what} must be a UUID`, ...options });

/** An `ID` field that must hold a UUID (the gateway authorises by it); a nullable one may be left out. */
export const UuidField =
  (options: FieldOptions = {}): PropertyDecorator =>
  (target, key) =>
    applyDecorators(
      Field(() => ID, options),
      ...(options.nullable ? [IsOptional()] : []),
      IsUuidId(String(key)),
    )(target, key);

/**
 * A field holding a nested input (or a list of them): the GraphQL field, and the nested class's
 * own rules run at its path (`input.contacts[0].contactId`); a nullable one may be left out.
 */
const nested =
  (list: boolean) =>
  (type: () => new () => object, options: FieldOptions = {}): PropertyDecorator =>
    applyDecorators(
      Field(() => (list ? [type()] : type()), options),
      ...(options.nullable ? [IsOptional()] : []),
      ValidateNested(list ? { each: true } : {}),
      Type(type),
    );
export const Nested = nested(false);
export const NestedList = nested(true);

/** The gateway's own rules on generated input fields, named by CUSTOMER_INPUTS.rules. */
export const INPUT_RULES = {
  declaredCustomFieldName: Matches(CUSTOM_FIELD_NAME_RULE, {
    message:
      'name must be a camelCase identifier of at most 64 characters (letters, digits, "_"), starting with a lower-case letter',
  }),
  customFieldName: Matches(CUSTOM_FIELD_NAME_RULE, {
    message: 'name must be a declared custom field name (a camelCase identifier)',
    context: { code: 'UNKNOWN_CUSTOM_FIELD' },
  }),
  atLeastOneTag: ArrayMinSize(1, { message: 'tags must contain at least one tag' }),
  atLeastOneValue: ArrayMinSize(1, { message: 'values must contain at least one value' }),
  erasureReason: MinLength(3, {
    message: 'reason must say why the data is erased (at least 3 characters)',
  }),
} satisfies Record<string, PropertyDecorator>;
