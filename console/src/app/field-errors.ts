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

/** A failed mutation as messages per field: the gateway's field errors, or its message under `''`. */
export function formErrorsOf(error: unknown): Record<string, string> {
  if (error instanceof Error && 'errors' in error && Array.isArray(error.errors))
    return fieldErrorsOf(error.errors as ErrorLike[]);
  return { '': error instanceof Error ? error.message : String(error) };
}

/** A form item's error state and message for the field at `path` (antd's Form.Item props). */
export const fieldStatus = (
  errors: Readonly<Record<string, string>>,
  path: string,
): { validateStatus?: 'error'; help?: string } =>
  errors[path] ? { validateStatus: 'error', help: errors[path] } : {};
