// The GraphQL → proto request derivation against the real proto/customers.proto.
import { BadUserInputError } from '../../graphql/gateway-errors';
import { customersRequests } from './customer-command.mappers';

function fieldErrorsOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    if (error instanceof BadUserInputError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a BadUserInputError');
}

test('fields keep their names, enums gain the proto prefix, absent values are left out', () => {
  const request = customersRequests.request('RegisterCustomer', {
    company: { legalName: 'Acme', size: 'SMALL', industry: null },
    contacts: [{ email: 'a@example.com', primary: null }, { phone: '+49 30 1' }],
    acquiredVia: { channel: 'WEB_FORM' },
    initialStatus: 'ACTIVE',
    ownerUserId: null,
    idempotencyKey: 'not-a-proto-field',
  });
  expect(request).toEqual({
    company: { legalName: 'Acme', size: 'COMPANY_SIZE_SMALL' },
    contacts: [{ email: 'a@example.com' }, { phone: '+49 30 1' }],
    acquiredVia: { channel: 'ACQUISITION_CHANNEL_WEB_FORM' },
    initialStatus: 'LIFECYCLE_STATUS_ACTIVE',
  });
});

test('a present empty `optional` field is sent (it clears), an absent one is not', () => {
  expect(
    customersRequests.request('UpdateProfile', {
      customerId: 'c1',
      person: { nationalId: '', firstName: undefined },
    }),
  ).toEqual({ customerId: 'c1', person: { nationalId: '' } });
});

test('renamed fields are read from their GraphQL name', () => {
  expect(customersRequests.request('GrantConsent', { channel: 'EMAIL', at: '2026-01-01' })).toEqual(
    { channel: 'CONSENT_CHANNEL_EMAIL', grantedAt: '2026-01-01' },
  );
  expect(
    customersRequests.request('SetCustomFieldValues', {
      values: [
        { name: 'vip', booleanValue: false },
        { name: 'gone', clear: true },
      ],
    }),
  ).toEqual({
    values: [
      { name: 'vip', boolValue: false },
      { name: 'gone', clear: true },
    ],
  });
});

test('every oneof problem is a field error at the oneof’s path', () => {
  expect(
    fieldErrorsOf(() =>
      customersRequests.request('RegisterCustomer', {
        contacts: [{ email: 'a@example.com', phone: '+49 30 1' }],
      }),
    ),
  ).toEqual([
    {
      field: 'input',
      code: 'REQUIRED',
      message: 'exactly one of person, company is required',
    },
    {
      field: 'input.contacts[0]',
      code: 'NOT_ALLOWED',
      message: 'give only one of email, phone, address (got email, phone)',
    },
  ]);
  expect(
    fieldErrorsOf(() =>
      customersRequests.request('SetCustomFieldValues', { values: [{ name: 'x', clear: false }] }),
    ),
  ).toEqual([
    {
      field: 'input.values[0]',
      code: 'REQUIRED',
      message:
        'exactly one of stringValue, numberValue, booleanValue, dateValue, clear is required',
    },
  ]);
});

test('an optional oneof may be left empty', () => {
  expect(customersRequests.request('UpdateProfile', { bankCardNumber: '4111' })).toEqual({
    bankCardNumber: '4111',
  });
});
