// The gateway's own rules of nested inputs (Nested / NestedList) run at the nested path, in lists
// and in single fields alike, and a refused input is never sent to the service.
import { startTestGateway, type TestGateway } from '../../../test/support/test-gateway';

const CUSTOMER = '0190a000-0000-7000-8000-00000000c0de';
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

async function refused(mutation: string, type: string, input: object): Promise<unknown> {
  const before = gw.infra.customersClient.calls.length;
  const r = await gw
    .as('admin')
    .request(`mutation($input: ${type}!) { ${mutation}(input: $input) { __typename } }`, {
      input,
    });
  expect(gw.infra.customersClient.calls.length).toBe(before);
  expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  return r.errors?.[0]?.extensions?.['fieldErrors'];
}

test('a contact id in a list of contacts is checked at its index', async () => {
  const fieldErrors = await refused('registerCustomer', 'RegisterCustomerInput', {
    person: { firstName: 'Ada', lastName: 'Lovelace' },
    contacts: [{ email: 'ada@example.com' }, { email: 'b@example.com', contactId: 'nope' }],
  });
  expect(fieldErrors).toEqual([
    { field: 'input.contacts[1].contactId', code: 'INVALID_FORMAT', message: expect.any(String) },
  ]);
});

test('a contact id in a single nested contact is checked at its path', async () => {
  const fieldErrors = await refused('addCustomerContact', 'AddContactInput', {
    customerId: CUSTOMER,
    contact: { phone: '+49 30 1234567', contactId: 'nope' },
  });
  expect(fieldErrors).toEqual([
    { field: 'input.contact.contactId', code: 'INVALID_FORMAT', message: expect.any(String) },
  ]);
});

test('custom field names in a list are checked with their own code', async () => {
  const fieldErrors = await refused('setCustomFieldValues', 'SetCustomFieldValuesInput', {
    customerId: CUSTOMER,
    values: [{ name: '$where', stringValue: 'x' }],
  });
  expect(fieldErrors).toEqual([
    { field: 'input.values[0].name', code: 'UNKNOWN_CUSTOM_FIELD', message: expect.any(String) },
  ]);
});
