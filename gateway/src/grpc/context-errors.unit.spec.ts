// The kit's translation of a context service's refusals: every context answers a reused
// idempotency key with the documented IDEMPOTENCY_KEY_REUSED code (docs/graphql.md#errors), and
// field violations land at the request's place in the GraphQL operation.
import * as grpc from '@grpc/grpc-js';
import { BadUserInputError, ClientError, ErrorCode } from '../graphql/gateway-errors';
import { translateContextError, type ContextErrorVocabulary } from './context-errors';
import { ContextCallError } from './context-grpc.client';

const SALES_LIKE: ContextErrorVocabulary = {
  conflicts: new Set(['ALREADY_EXISTS', 'IDEMPOTENCY_KEY_REUSED', 'CONCURRENCY_CONFLICT']),
  notFoundSubject: () => 'Sales record',
};

test('a reused idempotency key is IDEMPOTENCY_KEY_REUSED, not a generic conflict', () => {
  const reused = new ContextCallError(
    'sales',
    'AssignLead',
    grpc.status.ALREADY_EXISTS,
    { code: 'IDEMPOTENCY_KEY_REUSED', message: 'reused' },
    'reused',
  );
  const translated = translateContextError(reused, SALES_LIKE) as ClientError;
  expect(translated).toBeInstanceOf(ClientError);
  expect(translated.extensions['code']).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
});

test('violations land under the argument, renamed where the input differs', () => {
  const invalid = new ContextCallError(
    'customers',
    'SetCustomFieldValues',
    grpc.status.INVALID_ARGUMENT,
    {
      code: 'VALIDATION_FAILED',
      message: '3 invalid fields',
      violations: [
        { field: 'customFields.shoeSize', code: 'UNKNOWN_CUSTOM_FIELD', message: 'unknown' },
        { field: '[0]', code: 'REQUIRED', message: 'is required' },
        { field: '', code: 'INVALID_FORMAT', message: 'bad' },
      ],
    },
    'invalid',
  );
  const translated = translateContextError(invalid, SALES_LIKE, {
    argumentName: 'form',
    mapField: (field) => (field === 'customFields.shoeSize' ? 'values[2].name' : field),
  }) as BadUserInputError;
  expect(translated).toBeInstanceOf(BadUserInputError);
  expect(translated.extensions['fieldErrors']).toEqual([
    { field: 'form.values[2].name', code: 'UNKNOWN_CUSTOM_FIELD', message: 'unknown' },
    { field: 'form[0]', code: 'REQUIRED', message: 'is required' },
    { field: 'form', code: 'INVALID_FORMAT', message: 'bad' },
  ]);
});
