// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { customerDecider } from '../customer/customer.decider';
import { CustomFieldTypeChangeError, CustomerValidationError } from '../errors';
import { CUSTOMER_ID, registered } from '../testing/customer-fixtures';
import {
  customFieldDefinitionsDecider,
  parseDefinition,
  type CustomFieldDeclared,
} from './custom-field-definitions.decider';
import type {
  CustomFieldDefinition,
  CustomFieldValueInput,
} from './custom-field-definitions.types';

const definitions = deciderSpec(customFieldDefinitionsDecider);
const customers = deciderSpec(customerDecider);

const loyalty: CustomFieldDefinition = {
  name: 'loyaltyNo',
  label: 'Loyalty number',
  fieldType: 'string',
  validation: { required: false, maxLength: 10, pattern: '[A-Z]{2}\\d+' },
};
const shoeSize: CustomFieldDefinition = {
  name: 'shoeSize',
  label: 'Shoe size',
  fieldType: 'number',
  validation: { required: true, min: 30, max: 50, integer: true },
};
const segment: CustomFieldDefinition = {
  name: 'segment',
  label: 'Segment',
  fieldType: 'enum',
  validation: { required: false, allowedValues: ['gold', 'silver'] },
};
const since: CustomFieldDefinition = {
  name: 'memberSince',
  label: 'Member since',
  fieldType: 'date',
  validation: { required: false, minDate: '2000-01-01' },
};
const newsletter: CustomFieldDefinition = {
  name: 'newsletter',
  label: 'Newsletter',
  fieldType: 'boolean',
  validation: { required: false },
};
const all = Object.fromEntries(
  [loyalty, shoeSize, segment, since, newsletter].map((d) => [d.name, d]),
);

const declared = (d: CustomFieldDefinition): CustomFieldDeclared => ({
  type: 'customers.CustomFieldDeclared',
  data: d,
});

// A definition is parsed once, by the service's parser through parseDefinition (ADR 0375).
describe('parseDefinition', () => {
  it('fills in the defaults', () => {
    expect(
      parseDefinition({
        name: 'loyaltyNo',
        label: 'Loyalty number',
        fieldType: 'string',
        validation: { maxLength: 10, pattern: '[A-Z]{2}\\d+' },
      }),
    ).toEqual(loyalty);
  });

  it('rejects bad names, enums without values and invalid patterns', () => {
    const violations = (input: Parameters<typeof parseDefinition>[0]) => {
      try {
        parseDefinition(input);
      } catch (error) {
        if (error instanceof CustomerValidationError) return error.violations.map((v) => v.field);
      }
      return [];
    };
    expect(violations({ name: 'Bad Name', label: '', fieldType: 'enum', validation: {} })).toEqual([
      'name',
      'validation.allowedValues',
    ]);
    expect(
      violations({ name: 'code', label: '', fieldType: 'string', validation: { pattern: '([' } }),
    ).toEqual(['validation.pattern']);
  });
});

describe('DeclareCustomField', () => {
  const declare = (data: CustomFieldDefinition) => ({ type: 'DeclareCustomField', data }) as const;

  it('declares a field', () => {
    definitions
      .given([])
      .when(declare(loyalty))
      .then([declared(loyalty)]);
  });

  it('re-declaring with the same type changes the definition; identical re-declaration is a no-op', () => {
    definitions
      .given([declared(loyalty)])
      .when(declare({ ...loyalty, label: 'Card' }))
      .then([{ type: 'customers.CustomFieldRedeclared', data: { ...loyalty, label: 'Card' } }]);
    definitions
      .given([declared(loyalty)])
      .when(declare(loyalty))
      .thenNothingHappened();
  });

  it('never changes the type of a declared field', () => {
    definitions
      .given([declared(loyalty)])
      .when(declare({ ...loyalty, fieldType: 'number', validation: { required: false } }))
      .thenThrows(CustomFieldTypeChangeError);
  });
});

describe('SetCustomFieldValues', () => {
  const set = (values: CustomFieldValueInput[]) =>
    ({
      type: 'SetCustomFieldValues',
      data: { customerId: CUSTOMER_ID, values, definitions: all },
    }) as const;

  it('stores values validated against their definitions', () => {
    customers
      .given([registered()])
      .when(
        set([
          { name: 'loyaltyNo', kind: 'string', value: 'AB123' },
          { name: 'shoeSize', kind: 'number', value: 42 },
          { name: 'segment', kind: 'string', value: 'gold' },
          { name: 'memberSince', kind: 'date', value: '2010-05-01' },
          { name: 'newsletter', kind: 'boolean', value: true },
        ]),
      )
      .then([
        {
          type: 'customers.CustomFieldValuesSet',
          data: {
            customerId: CUSTOMER_ID,
            values: {
              loyaltyNo: 'AB123',
              shoeSize: 42,
              segment: 'gold',
              memberSince: '2010-05-01',
              newsletter: true,
            },
            cleared: [],
          },
        },
      ]);
  });

  it('names every invalid value: unknown field, wrong type, pattern, range, enum, date', () => {
    customers
      .given([registered()])
      .when(
        set([
          { name: 'favouriteColour', kind: 'string', value: 'red' },
          { name: 'newsletter', kind: 'string', value: 'yes' },
          { name: 'loyaltyNo', kind: 'string', value: 'ab' },
          { name: 'shoeSize', kind: 'number', value: 42.5 },
          { name: 'segment', kind: 'string', value: 'bronze' },
          { name: 'memberSince', kind: 'date', value: '1999-12-31' },
        ]),
      )
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations.map((v) => [v.field, v.code])).toEqual([
          ['customFields.favouriteColour', 'UNKNOWN_CUSTOM_FIELD'],
          ['customFields.newsletter', 'WRONG_TYPE'],
          ['customFields.loyaltyNo', 'INVALID_FORMAT'],
          ['customFields.shoeSize', 'INVALID_FORMAT'],
          ['customFields.segment', 'UNKNOWN_VALUE'],
          ['customFields.memberSince', 'OUT_OF_RANGE'],
        ]),
      );
  });

  it('clears optional values but not required ones', () => {
    const given = [
      registered(),
      {
        type: 'customers.CustomFieldValuesSet',
        data: { customerId: CUSTOMER_ID, values: { segment: 'gold', shoeSize: 40 }, cleared: [] },
      } as const,
    ];
    customers
      .given(given)
      .when(set([{ name: 'segment', kind: 'clear' }]))
      .then([
        {
          type: 'customers.CustomFieldValuesSet',
          data: { customerId: CUSTOMER_ID, values: {}, cleared: ['segment'] },
        },
      ]);
    customers
      .given(given)
      .when(set([{ name: 'shoeSize', kind: 'clear' }]))
      .thenThrows(CustomerValidationError, (e) => expect(e.violations[0]?.code).toBe('REQUIRED'));
    customers
      .given(given)
      .when(set([{ name: 'segment', kind: 'string', value: 'gold' }]))
      .thenNothingHappened();
  });

  it('does not treat Object.prototype names as declared fields', () => {
    customers
      .given([registered()])
      .when(set([{ name: 'constructor', kind: 'string', value: 'x' }]))
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]?.code).toBe('UNKNOWN_CUSTOM_FIELD'),
      );
  });
});
