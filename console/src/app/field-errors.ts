// Validation errors of the gateway (BAD_USER_INPUT with `extensions.fieldErrors`, docs/graphql.md)
// turned into messages per form field, so each is shown at the field it names.
export interface GatewayFieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

interface ErrorLike {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

function isFieldError(value: unknown): value is GatewayFieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['field'] === 'string' && typeof v['message'] === 'string';
}

/**
 * Messages by form field name: the gateway's path without the argument prefix
 * (`input.person.firstName` → `person.firstName`). Errors without fields land under `''`.
 */
export function fieldErrorsOf(errors: readonly ErrorLike[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of errors) {
    const fieldErrors = error.extensions?.['fieldErrors'];
    const list = Array.isArray(fieldErrors) ? fieldErrors.filter(isFieldError) : [];
    if (list.length === 0) {
      byField[''] = byField[''] ? `${byField['']} ${error.message}` : error.message;
      continue;
    }
    for (const fe of list) byField[fe.field.replace(/^input\./, '')] = fe.message;
  }
  return byField;
}
