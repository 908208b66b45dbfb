// Tenant-defined custom fields: the definitions (a tenant-level aggregate) and typed values.

export const CUSTOM_FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldValidation {
  /** Once set, the value may not be cleared. */
  readonly required: boolean;
  readonly maxLength?: number;
  /** ECMAScript regex source, matched against the whole value. */
  readonly pattern?: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly allowedValues?: readonly string[];
  readonly minDate?: string;
  readonly maxDate?: string;
}

export interface CustomFieldDefinition {
  readonly name: string;
  readonly label: string;
  readonly fieldType: CustomFieldType;
  readonly validation: CustomFieldValidation;
}

/** A stored value: strings for string/enum/date, numbers, booleans. */
export type CustomFieldValue = string | number | boolean;

/** What a command asks to write for one field. */
export type CustomFieldValueInput =
  | { readonly name: string; readonly kind: 'string'; readonly value: string }
  | { readonly name: string; readonly kind: 'number'; readonly value: number }
  | { readonly name: string; readonly kind: 'boolean'; readonly value: boolean }
  | { readonly name: string; readonly kind: 'date'; readonly value: string }
  | { readonly name: string; readonly kind: 'clear' };
