// Validates every GraphQL argument whose type is a class with class-validator rules. All problems
// are reported at once as BAD_USER_INPUT with `extensions.fieldErrors`: one entry per invalid field,
// with its path from the argument (`input.contacts[0].email`), a stable code and a readable message.
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { BadUserInputError, type FieldError } from './gateway-errors';

/** class-validator constraint names → the stable codes clients can switch on. */
const CONSTRAINT_CODES: Record<string, string> = {
  isEmail: 'INVALID_EMAIL',
  isPhone: 'INVALID_PHONE',
  maxLength: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  isNotEmpty: 'REQUIRED',
  isDefined: 'REQUIRED',
  arrayMaxSize: 'TOO_MANY',
  arrayMinSize: 'TOO_FEW',
  arrayUnique: 'DUPLICATE',
  matches: 'INVALID_FORMAT',
  isUuid: 'INVALID_FORMAT',
  isISO8601: 'INVALID_FORMAT',
  isDateString: 'INVALID_FORMAT',
  min: 'OUT_OF_RANGE',
  max: 'OUT_OF_RANGE',
  isInt: 'WRONG_TYPE',
  whitelistValidation: 'UNKNOWN_FIELD',
  noMongoOperators: 'NOT_ALLOWED',
};

export function flattenValidationErrors(
  errors: readonly ValidationError[],
  prefix: string,
): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : `.${error.property}`;
    const path = prefix === '' ? error.property : `${prefix}${segment}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const contextCode = (error.contexts?.[constraint] as { code?: string } | undefined)?.code;
      result.push({
        field: path,
        code: contextCode ?? CONSTRAINT_CODES[constraint] ?? 'INVALID',
        message,
      });
    }
    if (error.children && error.children.length > 0)
      result.push(...flattenValidationErrors(error.children, path));
  }
  return result;
}

/** BAD_USER_INPUT with every field error, if there is any. */
export function throwIfAny(errors: readonly FieldError[]): void {
  if (errors.length === 0) return;
  const summary =
    errors.length === 1 ? (errors[0] as FieldError).message : `${errors.length} fields are invalid`;
  throw new BadUserInputError(`Invalid input: ${summary}.`, errors);
}

/**
 * Whether a class carries class-validator rules, per class: its decorators ran when it was defined,
 * so the answer never changes, and asking class-validator's storage on every argument of every
 * request cost ~1 % of the gateway's CPU in P9 (ADR 0367).
 */
const ruleful = new WeakMap<object, boolean>();

function hasValidationRules(metatype: unknown): metatype is new () => object {
  if (typeof metatype !== 'function') return false;
  let known = ruleful.get(metatype);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false).length > 0;
    ruleful.set(metatype, known);
  }
  return known;
}

@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (value === null || value === undefined || !hasValidationRules(metadata.metatype))
      return value;
    const instance: object = plainToInstance(metadata.metatype, value);
    // graphql-js has already coerced the argument to its input type (unknown fields are refused
    // there), so no whitelisting: fields without a gateway rule (most command fields, which the
    // service validates) pass through untouched, and nested inputs may have no rules at all.
    const errors = await validate(instance, {
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    });
    throwIfAny(flattenValidationErrors(errors, metadata.data ?? ''));
    return instance;
  }
}
