import { CustomerValidationError } from '@crm/customers-domain';
import { buildImportPlan, mapRecord, type CsvRecord, type ImportPlan } from './import-mapping';

const definitions = {
  shoeSize: {
    name: 'shoeSize',
    label: 'Shoe size',
    fieldType: 'number' as const,
    validation: { required: false },
  },
};

const NOW = '2026-01-01T00:00:00.000Z';
const read = (p: ImportPlan, record: CsvRecord) => mapRecord(p, record, NOW);

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
    const row = read(p, {
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
    expect(row.command.registration).toMatchObject({
      kind: 'company',
      company: { legalName: 'Acme', size: 'small' },
      acquiredVia: { channel: 'import', externalId: 'x-1', detail: 'import:imp-1' },
    });
    // Parsed by the RPCs' parsers: the contacts are normalised, as RegisterCustomer's are.
    expect(row.command.registration.contacts.map((c) => [c.kind, c.value])).toEqual([
      ['email', 'a@acme.example'],
      ['phone', '+4930123456'],
    ]);
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
      { column: 'First', target: 'firstName' },
      { column: 'Name', target: 'lastName' },
      { column: 'Kind', target: 'kind' },
      { column: 'Size', target: 'companySize' },
      { column: 'Status', target: 'status' },
      { column: 'Gender', target: 'gender' },
      { column: 'Income', target: 'incomeBand' },
    ]);
    const row = read(p, {
      First: 'Ada',
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

  // One parse (ADR 0425): a malformed cell is refused by the same parsers as a gRPC command, with
  // their code and message, reported at the row's column.
  it('reports the parsers’ violations of every part by column, with their codes and messages', () => {
    const p = plan([
      { column: 'First', target: 'firstName' },
      { column: 'Last', target: 'lastName' },
      { column: 'Mail', target: 'email' },
      { column: 'Ext', target: 'externalId' },
      { column: 'Born', target: 'birthday' },
      { column: 'Job', target: 'occupation' },
      { column: 'Tags', target: 'tags' },
    ]);
    const row = read(p, {
      First: 'Ada\u0001',
      Last: 'x'.repeat(201),
      Mail: 'nope',
      Ext: 'a b',
      Born: '31.12.1980',
      Job: 'y'.repeat(201),
      Tags: `ok;${'t'.repeat(65)}`,
    });
    expect(row.violations).toEqual([
      { field: 'First', code: 'INVALID_FORMAT', message: 'must not contain control characters' },
      { field: 'Last', code: 'TOO_LONG', message: 'must be at most 200 characters' },
      { field: 'Mail', code: 'INVALID_EMAIL', message: 'is not a valid email address' },
      { field: 'Ext', code: 'INVALID_FORMAT', message: 'must not contain whitespace' },
      { field: 'Born', code: 'INVALID_FORMAT', message: 'must be a date YYYY-MM-DD' },
      { field: 'Job', code: 'TOO_LONG', message: 'must be at most 200 characters' },
      { field: 'Tags', code: 'TOO_LONG', message: 'must be at most 64 characters' },
    ]);
  });

  it('hands the decider clean demographics and tags, and a birthday after the time read is refused', () => {
    const p = plan([
      { column: 'First', target: 'firstName' },
      { column: 'Name', target: 'lastName' },
      { column: 'Born', target: 'birthday' },
      { column: 'Gender', target: 'gender' },
      { column: 'Interests', target: 'interests' },
    ]);
    const row = read(p, {
      First: 'Ada',
      Name: ' Lovelace ',
      Born: '1985-12-10',
      Gender: 'Female',
      Interests: ' Maths | Poetry  Writing;maths',
    });
    expect(row.violations).toEqual([]);
    expect(row.command.demographics).toEqual({ birthday: '1985-12-10', gender: 'female' });
    expect(row.command.tags).toEqual([
      { kind: 'interest', value: 'maths' },
      { kind: 'interest', value: 'poetry writing' },
    ]);
    expect(read(p, { First: 'Ada', Name: 'Lovelace', Born: '2026-01-02' }).violations).toEqual([
      { field: 'Born', code: 'OUT_OF_RANGE', message: 'must be between 1900-01-01 and today' },
    ]);
  });
});
