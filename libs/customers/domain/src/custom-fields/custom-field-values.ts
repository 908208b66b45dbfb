// Validates custom field values against the tenant's definitions on every write.
import { CUSTOMER_LIMITS } from '../customers.limits';
import type { ViolationCode, Violations } from '../errors';
import { parseCalendarDate } from '../values/dates';
import type {
  CustomFieldDefinition,
  CustomFieldValue,
  CustomFieldValueInput,
} from './custom-field-definitions.types';

const MAX_VALUES_PER_COMMAND = CUSTOMER_LIMITS.customFieldValuesPerRequest;

export interface ValidatedCustomFieldValues {
  readonly values: Readonly<Record<string, CustomFieldValue>>;
  readonly cleared: readonly string[];
}

export function validateCustomFieldValues(
  violations: Violations,
  fieldPrefix: string,
  inputs: readonly CustomFieldValueInput[],
  definitions: Readonly<Record<string, CustomFieldDefinition>>,
): ValidatedCustomFieldValues {
  const values: Record<string, CustomFieldValue> = {};
  const cleared: string[] = [];
  if (inputs.length > MAX_VALUES_PER_COMMAND) {
    violations.add(fieldPrefix, 'TOO_MANY', `at most ${MAX_VALUES_PER_COMMAND} values per request`);
    return { values, cleared };
  }
  const seen = new Set<string>();
  for (const input of inputs) {
    const field = `${fieldPrefix}.${input.name}`;
    if (seen.has(input.name)) {
      violations.add(field, 'DUPLICATE', 'is given twice');
      continue;
    }
    seen.add(input.name);
    const definition = Object.hasOwn(definitions, input.name) ? definitions[input.name] : undefined;
    if (!definition) {
      violations.add(field, 'UNKNOWN_CUSTOM_FIELD', `is not a declared custom field`);
      continue;
    }
    if (input.kind === 'clear') {
      if (definition.validation.required)
        violations.add(field, 'REQUIRED', 'is required and cannot be cleared');
      else cleared.push(input.name);
      continue;
    }
    const value = validateOne(violations, field, definition, input);
    if (value !== undefined) values[input.name] = value;
  }
  return { values, cleared };
}

function validateOne(
  violations: Violations,
  field: string,
  definition: CustomFieldDefinition,
  input: Exclude<CustomFieldValueInput, { kind: 'clear' }>,
): CustomFieldValue | undefined {
  const rules = definition.validation;
  /** Records the violation; the value is not set. */
  const invalid = (code: ViolationCode, message: string): undefined => {
    violations.add(field, code, message);
    return undefined;
  };
  const wrongType = () => invalid('WRONG_TYPE', `must be a ${definition.fieldType}`);
  switch (definition.fieldType) {
    case 'string': {
      if (input.kind !== 'string') return wrongType();
      const text = input.value.trim();
      const maxLength = rules.maxLength ?? 1000;
      if (text.length > maxLength)
        return invalid('TOO_LONG', `must be at most ${maxLength} characters`);
      if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`, 'u').test(text))
        return invalid('INVALID_FORMAT', `must match ${rules.pattern}`);
      return text;
    }
    case 'enum': {
      if (input.kind !== 'string') return wrongType();
      const text = input.value.trim();
      const allowed = rules.allowedValues ?? [];
      if (!allowed.includes(text))
        return invalid('UNKNOWN_VALUE', `must be one of ${allowed.join(', ')}`);
      return text;
    }
    case 'number': {
      if (input.kind !== 'number' || !Number.isFinite(input.value)) return wrongType();
      if (rules.integer && !Number.isInteger(input.value))
        return invalid('INVALID_FORMAT', 'must be a whole number');
      if (
        (rules.min !== undefined && input.value < rules.min) ||
        (rules.max !== undefined && input.value > rules.max)
      )
        return invalid(
          'OUT_OF_RANGE',
          `must be between ${rules.min ?? '-∞'} and ${rules.max ?? '∞'}`,
        );
      return input.value;
    }
    case 'boolean':
      return input.kind === 'boolean' ? input.value : wrongType();
    case 'date': {
      if (input.kind !== 'date' && input.kind !== 'string') return wrongType();
      const date = parseCalendarDate(input.value);
      if (date === undefined) return invalid('INVALID_FORMAT', 'must be a date YYYY-MM-DD');
      const { minDate, maxDate } = rules;
      if ((minDate && date < minDate) || (maxDate && date > maxDate))
        return invalid(
          'OUT_OF_RANGE',
          `must be between ${minDate ?? 'any'} and ${maxDate ?? 'any'}`,
        );
      return date;
    }
    default: {
      const unknown: never = definition.fieldType;
      return unknown;
    }
  }
}

/** Parses a CSV/text cell into the input kind the definition expects (used by the import). */
export function customFieldInputFromText(
  definition: CustomFieldDefinition,
  text: string,
): CustomFieldValueInput {
  const name = definition.name;
  const trimmed = text.trim();
  switch (definition.fieldType) {
    case 'string':
    case 'enum':
      return { name, kind: 'string', value: trimmed };
    case 'date':
      return { name, kind: 'date', value: trimmed };
    case 'number': {
      const n = trimmed === '' ? Number.NaN : Number(trimmed);
      return { name, kind: 'number', value: n };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (['true', 'yes', '1', 'y'].includes(lower)) return { name, kind: 'boolean', value: true };
      if (['false', 'no', '0', 'n'].includes(lower)) return { name, kind: 'boolean', value: false };
      return { name, kind: 'string', value: trimmed }; // reported as WRONG_TYPE
    }
    default: {
      const unknown: never = definition.fieldType;
      return unknown;
    }
  }
}
