// The tenant's custom field definitions: one aggregate per tenant (stream
// `customers.CustomFieldDefinitions-<tenantId>`). Declaring a field adds it; re-declaring it with
// the same type changes label and validation; its type never changes (stored values would break).
import type { Decider } from '@crm/event-sourcing';
import { CustomFieldTypeChangeError, Violations, type ViolationCode } from '../errors';
import { LIMITS, cleanText } from '../values/text';
import { parseCalendarDate } from '../values/dates';
import {
  type CustomFieldDefinition,
  type CustomFieldType,
  type CustomFieldValidation,
} from './custom-field-definitions.types';

/** A definition as a caller states it; `parseDefinition` makes the clean definition. */
export interface CustomFieldDefinitionInput {
  readonly name: string;
  readonly label: string;
  readonly fieldType: CustomFieldType;
  readonly validation: Partial<CustomFieldValidation>;
}

/** Declares a clean definition (parsed once, by the service's parser, ADR 0375). */
export interface DeclareCustomField {
  readonly type: 'DeclareCustomField';
  readonly data: CustomFieldDefinition;
}

export type CustomFieldDefinitionsCommand = DeclareCustomField;

export interface CustomFieldDeclared {
  readonly type: 'customers.CustomFieldDeclared';
  readonly data: CustomFieldDefinition;
}

export interface CustomFieldRedeclared {
  readonly type: 'customers.CustomFieldRedeclared';
  readonly data: CustomFieldDefinition;
}

export type CustomFieldDefinitionsEvent = CustomFieldDeclared | CustomFieldRedeclared;

export interface CustomFieldDefinitionsState {
  readonly fields: Readonly<Record<string, CustomFieldDefinition>>;
}

export const CUSTOM_FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,63}$/;
const MAX_STRING_LENGTH = LIMITS.customFieldValue;

export function parseDefinition(command: CustomFieldDefinitionInput): CustomFieldDefinition {
  const v = new Violations();
  const name = command.name.trim();
  if (!CUSTOM_FIELD_NAME.test(name)) {
    v.add(
      'name',
      'INVALID_FORMAT',
      'must be a camelCase identifier of 1-64 characters (^[a-z][a-zA-Z0-9_]*$)',
    );
  }
  const label = cleanText(v, 'label', command.label, { max: LIMITS.shortText }) ?? name;
  const input = command.validation;
  const validation: { -readonly [K in keyof CustomFieldValidation]: CustomFieldValidation[K] } = {
    required: input.required === true,
  };
  switch (command.fieldType) {
    case 'string': {
      const maxLength = input.maxLength ?? 0;
      if (!Number.isInteger(maxLength) || maxLength < 0 || maxLength > MAX_STRING_LENGTH) {
        v.add('validation.maxLength', 'OUT_OF_RANGE', `must be between 1 and ${MAX_STRING_LENGTH}`);
      }
      validation.maxLength = maxLength > 0 ? maxLength : MAX_STRING_LENGTH;
      if (input.pattern !== undefined && input.pattern !== '') {
        if (input.pattern.length > LIMITS.customFieldPattern)
          v.add(
            'validation.pattern',
            'TOO_LONG',
            `must be at most ${LIMITS.customFieldPattern} characters`,
          );
        else if (!isValidRegex(input.pattern))
          v.add('validation.pattern', 'INVALID_FORMAT', 'is not a valid regular expression');
        else validation.pattern = input.pattern;
      }
      break;
    }
    case 'number': {
      if (input.min !== undefined) validation.min = input.min;
      if (input.max !== undefined) validation.max = input.max;
      if (input.integer) validation.integer = true;
      if (
        validation.min !== undefined &&
        validation.max !== undefined &&
        validation.min > validation.max
      ) {
        v.add('validation.min', 'OUT_OF_RANGE', 'must not be greater than max');
      }
      if ([validation.min, validation.max].some((n) => n !== undefined && !Number.isFinite(n))) {
        v.add('validation.min', 'OUT_OF_RANGE', 'min and max must be finite numbers');
      }
      break;
    }
    case 'boolean':
      break;
    case 'date': {
      for (const key of ['minDate', 'maxDate'] as const) {
        const raw = input[key];
        if (raw === undefined || raw === '') continue;
        const date = parseCalendarDate(raw);
        if (date === undefined)
          v.add(`validation.${key}`, 'INVALID_FORMAT', 'must be a date YYYY-MM-DD');
        else validation[key] = date;
      }
      if (validation.minDate && validation.maxDate && validation.minDate > validation.maxDate) {
        v.add('validation.minDate', 'OUT_OF_RANGE', 'must not be after maxDate');
      }
      break;
    }
    case 'enum': {
      const values = (input.allowedValues ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
      const refuse = (code: ViolationCode, message: string) =>
        v.add('validation.allowedValues', code, message);
      if (values.length === 0) refuse('REQUIRED', 'an enum field needs at least one allowed value');
      const most = LIMITS.customFieldAllowedValues;
      if (values.length > most) refuse('TOO_MANY', `at most ${most} allowed values`);
      if (new Set(values).size !== values.length) refuse('DUPLICATE', 'values must be unique');
      if (values.some((s) => s.length > LIMITS.shortText))
        refuse('TOO_LONG', `each value must be at most ${LIMITS.shortText} characters`);
      validation.allowedValues = values;
      break;
    }
    default:
      break; // the parser accepts known types only
  }
  v.throwIfAny();
  return { name, label, fieldType: command.fieldType, validation };
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

function sameDefinition(a: CustomFieldDefinition, b: CustomFieldDefinition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const customFieldDefinitionsDecider: Decider<
  CustomFieldDefinitionsState,
  CustomFieldDefinitionsCommand,
  CustomFieldDefinitionsEvent
> = {
  initialState: { fields: {} },
  decide(command, state) {
    switch (command.type) {
      case 'DeclareCustomField': {
        const definition = command.data;
        const existing = state.fields[definition.name];
        if (!existing) {
          if (Object.keys(state.fields).length >= LIMITS.customFieldsPerTenant) {
            const v = new Violations();
            v.add(
              'name',
              'TOO_MANY',
              `a tenant may declare at most ${LIMITS.customFieldsPerTenant} custom fields`,
            );
            v.throwIfAny();
          }
          return [{ type: 'customers.CustomFieldDeclared', data: definition }];
        }
        if (existing.fieldType !== definition.fieldType) {
          throw new CustomFieldTypeChangeError(
            definition.name,
            existing.fieldType,
            definition.fieldType,
          );
        }
        return sameDefinition(existing, definition)
          ? []
          : [{ type: 'customers.CustomFieldRedeclared', data: definition }];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`Unknown command ${String(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'customers.CustomFieldDeclared':
      case 'customers.CustomFieldRedeclared':
        return { fields: { ...state.fields, [event.data.name]: event.data } };
      default: {
        const unknown: never = event;
        return unknownEvent(state, unknown);
      }
    }
  },
};

/** Unknown (future) event types are ignored on fold, so an older reader survives a newer log. */
function unknownEvent<S>(state: S, _event: never): S {
  return state;
}
