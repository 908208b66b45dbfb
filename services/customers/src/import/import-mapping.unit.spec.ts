import { CustomerValidationError } from '@crm/customers-domain';
import { buildImportPlan, mapRecord } from './import-mapping';

const definitions = {
  shoeSize: {
    name: 'shoeSize',
    label: 'Shoe size',
    fieldType: 'number' as const,
    validation: { required: false },
  },
};

function plan(mapping: { column: string; target: string }[]) {
  return buildImportPlan({
    importId: 'imp-1',
    mapping,
    definitions,
    channel: 'import',
    duplicatePolicy: 'link_existing',
    defaultCountryCallingCode: '49',
  });
}

describe('import column mapping', () => {
  it('refuses unknown targets, undeclared custom fields, duplicates and a mapping without a name', () => {
    expect(() =>
      plan([
        { column: 'A', target: 'favouriteColour' },
        { column: 'B', target: 'custom:nope' },
        { column: 'C', target: 'kind' },
        { column: 'D', target: 'kind' },
      ]),
    ).toThrow(CustomerValidationError);
    try {
      plan([{ column: 'A', target: 'email' }]);
    } catch (error) {
      expect((error as CustomerValidationError).violations).toEqual([
        expect.objectContaining({ field: 'mapping', code: 'REQUIRED' }),
      ]);
    }
  });

  it('maps a row to one ImportCustomer command with dedupe identities and column-level reasons', () => {
    const p = plan([
      { column: 'Company', target: 'companyName' },
      { column: 'Mail', target: 'email' },
      { column: 'Mail 2', target: 'email' },
      { column: 'Tel', target: 'phone' },
      { column: 'Id', target: 'externalId' },
      { column: 'Size', target: 'companySize' },
      { column: 'Shoe', target: 'custom:shoeSize' },
      { column: 'Motives', target: 'buyingMotives' },
      { column: 'SMS', target: 'consentSms' },
    ]);
    const row = mapRecord(p, {
      Company: 'Acme',
      Mail: 'A@Acme.example',
      'Mail 2': '',
      Tel: '030 123456',
      Id: 'x-1',
      Size: 'Small',
      Shoe: '42',
      Motives: 'price;quality',
      SMS: 'maybe',
    });
    expect(row.command.registration.details).toEqual({
      kind: 'company',
      legalName: 'Acme',
      size: 'small',
    });
    expect(row.command.registration.contacts.map((c) => c.kind)).toEqual(['email', 'phone']);
    expect(row.command.tags).toEqual([
      { kind: 'buying_motive', value: 'price' },
      { kind: 'buying_motive', value: 'quality' },
    ]);
    expect(row.command.customFields).toEqual([{ name: 'shoeSize', kind: 'number', value: 42 }]);
    expect(row.identities).toEqual([
      { kind: 'external_id', value: 'import:x-1' },
      { kind: 'email', value: 'a@acme.example' },
      { kind: 'phone', value: '+4930123456' },
    ]);
    expect(row.violations).toEqual([
      { field: 'SMS', code: 'INVALID_FORMAT', message: 'must be true or false' },
    ]);
    expect(row.columnOf('contacts[1].phone')).toBe('Tel');
    expect(row.columnOf('customFields.shoeSize')).toBe('Shoe');
  });

  // The command is typed: enum cells are checked here, not by the decider.
  it('reports unknown enum cells by column', () => {
    const p = plan([
      { column: 'Name', target: 'lastName' },
      { column: 'Kind', target: 'kind' },
      { column: 'Size', target: 'companySize' },
      { column: 'Status', target: 'status' },
      { column: 'Gender', target: 'gender' },
      { column: 'Income', target: 'incomeBand' },
    ]);
    const row = mapRecord(p, {
      Name: 'Lovelace',
      Kind: 'robot',
      Size: 'galactic',
      Status: 'inactive',
      Gender: 'robot',
      Income: 'astronomical',
    });
    expect(row.violations.map((v) => [v.field, v.code])).toEqual([
      ['Kind', 'UNKNOWN_VALUE'],
      ['Size', 'UNKNOWN_VALUE'],
      ['Status', 'UNKNOWN_VALUE'],
      ['Gender', 'UNKNOWN_VALUE'],
      ['Income', 'UNKNOWN_VALUE'],
    ]);
  });
});
