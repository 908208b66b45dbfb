// The GraphQL → proto request derivation against the real proto/customers.proto.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  type GraphQLInputObjectType,
} from 'graphql';
import { Enum, Type } from 'protobufjs';
import { BadUserInputError } from '../../graphql/gateway-errors';
import { SCHEMA_FILE } from '../../graphql/schema-contract';
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

// The derivation is only safe while the inputs mirror the proto: a proto field no input feeds, or an
// input field no proto field takes, would be dropped silently. This walks both, type by type.
describe('the command inputs mirror their proto requests', () => {
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const MUTATIONS: readonly [string, string][] = [
    ['registerCustomer', 'RegisterCustomer'],
    ['updateCustomerProfile', 'UpdateProfile'],
    ['changeLifecycleStatus', 'ChangeLifecycleStatus'],
    ['assignCustomerOwner', 'AssignOwner'],
    ['addCustomerContact', 'AddContact'],
    ['setPrimaryContact', 'SetPrimaryContact'],
    ['removeCustomerContact', 'RemoveContact'],
    ['recordCustomerChannel', 'RecordChannel'],
    ['setCustomerDemographics', 'SetDemographics'],
    ['tagCustomer', 'TagCustomer'],
    ['untagCustomer', 'UntagCustomer'],
    ['declareCustomField', 'DeclareCustomField'],
    ['setCustomFieldValues', 'SetCustomFieldValues'],
    ['recordInteraction', 'RecordInteraction'],
    ['recordPurchase', 'RecordPurchase'],
    ['grantConsent', 'GrantConsent'],
    ['withdrawConsent', 'WithdrawConsent'],
    ['mergeCustomers', 'MergeCustomers'],
    ['importCustomers', 'StartImport'],
    ['erasePersonalData', 'ErasePersonalData'],
  ];
  /** Fields of the gateway's own (idempotency key) or of the transport (the RequestContext). */
  const NOT_MIRRORED = new Set(['idempotencyKey', 'ctx']);

  function mismatches(input: GraphQLInputObjectType, message: Type, path: string): string[] {
    const renames = customersRequests.rules.renames?.[message.name] ?? {};
    const inputFields = input.getFields();
    const problems: string[] = [];
    const fed = new Set<string>();
    for (const field of message.fieldsArray) {
      if (NOT_MIRRORED.has(field.name)) continue;
      const name = renames[field.name] ?? field.name;
      const counterpart = inputFields[name];
      fed.add(name);
      if (!counterpart) {
        problems.push(`${path}.${name}: no input field for ${message.name}.${field.name}`);
        continue;
      }
      const named = getNamedType(counterpart.type);
      const type = field.resolvedType;
      if (type instanceof Enum) {
        const prefix = `${Object.keys(type.values)[0]?.replace(/UNSPECIFIED$/, '')}`;
        const protoValues = Object.keys(type.values)
          .filter((v) => !v.endsWith('_UNSPECIFIED'))
          .map((v) => v.slice(prefix.length));
        const graphqlValues = isEnumType(named) ? named.getValues().map((v) => v.name) : [];
        if (JSON.stringify(graphqlValues.sort()) !== JSON.stringify(protoValues.sort()))
          problems.push(`${path}.${name}: enum ${named.name} ≠ ${type.name}`);
      } else if (type instanceof Type) {
        if (isInputObjectType(named)) problems.push(...mismatches(named, type, `${path}.${name}`));
        else problems.push(`${path}.${name}: ${named.name} is not an input object`);
      }
    }
    for (const name of Object.keys(inputFields))
      if (!fed.has(name) && !NOT_MIRRORED.has(name))
        problems.push(`${path}.${name}: no proto field in ${message.name}`);
    return problems;
  }

  test.each(MUTATIONS)('%s ⇄ %s', (mutation, rpc) => {
    const arg = schema
      .getMutationType()
      ?.getFields()
      [mutation]?.args.find((a) => a.name === 'input');
    const input = arg && getNamedType(arg.type);
    expect(input && isInputObjectType(input)).toBe(true);
    expect(
      mismatches(input as GraphQLInputObjectType, customersRequests.requestType(rpc), 'input'),
    ).toEqual([]);
  });
});
