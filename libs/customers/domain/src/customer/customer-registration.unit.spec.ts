// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerAlreadyExistsError, CustomerValidationError } from '../errors';
import { CUSTOMER_ID, registered } from '../testing/customer-fixtures';
import type { RegisterCustomer } from './customer.commands';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);

function register(data: Partial<RegisterCustomer['data']> = {}): RegisterCustomer {
  return {
    type: 'RegisterCustomer',
    data: {
      customerId: CUSTOMER_ID,
      details: { kind: 'person', firstName: ' Ada ', lastName: 'Lovelace' },
      contacts: [],
      ...data,
    },
  };
}

describe('RegisterCustomer', () => {
  it('registers a person as a prospect with trimmed names', () => {
    spec.given([]).when(register()).then([registered()]);
  });

  it('registers a company with industry and size', () => {
    spec
      .given([])
      .when(
        register({
          details: { kind: 'company', legalName: 'Acme GmbH', industry: 'Retail', size: 'small' },
          initialStatus: 'active',
        }),
      )
      .then([
        {
          type: 'customers.CustomerRegistered',
          data: {
            customerId: CUSTOMER_ID,
            kind: 'company',
            company: { legalName: 'Acme GmbH', industry: 'Retail', size: 'small' },
            status: 'active',
          },
        },
      ]);
  });

  it('normalises contacts, makes the first of each kind primary, and records channel and owner', () => {
    spec
      .given([])
      .when(
        register({
          details: {
            kind: 'person',
            firstName: 'Ada',
            lastName: 'Lovelace',
            nationalId: 'ab-123 456',
          },
          contacts: [
            { contactId: 'e1', kind: 'email', value: ' Ada@Example.COM ' },
            { contactId: 'p1', kind: 'phone', value: '030 1234567', label: 'home' },
            { contactId: 'e2', kind: 'email', value: 'ada@work.example', primary: true },
          ],
          defaultCountryCallingCode: '49',
          acquiredVia: { channel: 'web_form', externalId: 'form-77' },
          ownerUserId: 'rep-1',
        }),
      )
      .then([
        {
          type: 'customers.CustomerRegistered',
          data: {
            customerId: CUSTOMER_ID,
            kind: 'person',
            person: { firstName: 'Ada', lastName: 'Lovelace' },
            nationalId: 'AB123456',
            status: 'prospect',
          },
        },
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'e1',
            contactKind: 'email',
            value: 'ada@example.com',
            primary: false,
          },
        },
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'p1',
            contactKind: 'phone',
            value: '+49301234567',
            label: 'home',
            primary: true,
          },
        },
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'e2',
            contactKind: 'email',
            value: 'ada@work.example',
            primary: true,
          },
        },
        {
          type: 'customers.ChannelRecorded',
          data: { customerId: CUSTOMER_ID, channel: 'web_form', externalId: 'form-77' },
        },
        {
          type: 'customers.OwnerAssigned',
          data: { customerId: CUSTOMER_ID, ownerUserId: 'rep-1', teamId: null },
        },
      ]);
  });

  it('rejects a second registration of the same customer', () => {
    spec.given([registered()]).when(register()).thenThrows(CustomerAlreadyExistsError);
  });

  it('reports every invalid field at once', () => {
    spec
      .given([])
      .when(
        register({
          details: { kind: 'person', firstName: '', lastName: 'x'.repeat(201) },
          contacts: [
            { contactId: 'e1', kind: 'email', value: 'not-an-email' },
            { contactId: 'p1', kind: 'phone', value: '12345' },
            {
              contactId: 'a1',
              kind: 'address',
              value: { line1: 'Main St 1', city: 'Berlin', countryCode: 'Germany' },
            },
          ],
          acquiredVia: { channel: 'carrier_pigeon' as never },
        }),
      )
      .thenThrows(CustomerValidationError, (error) => {
        expect(error.violations.map((v) => [v.field, v.code])).toEqual([
          ['person.firstName', 'REQUIRED'],
          ['person.lastName', 'TOO_LONG'],
          ['contacts[0].email', 'INVALID_EMAIL'],
          ['contacts[1].phone', 'INVALID_PHONE'],
          ['contacts[2].address.countryCode', 'INVALID_FORMAT'],
          ['acquiredVia.channel', 'UNKNOWN_VALUE'],
        ]);
      });
  });

  it('rejects the same email twice in one request', () => {
    spec
      .given([])
      .when(
        register({
          contacts: [
            { contactId: 'e1', kind: 'email', value: 'ada@example.com' },
            { contactId: 'e2', kind: 'email', value: 'ADA@example.com' },
          ],
        }),
      )
      .thenThrows(CustomerValidationError, (error) =>
        expect(error.violations[0]).toMatchObject({
          field: 'contacts[1].email',
          code: 'DUPLICATE',
        }),
      );
  });

  it('rejects more than 20 contacts of one kind (oversized input)', () => {
    const contacts = Array.from({ length: 21 }, (_, i) => ({
      contactId: `e${i}`,
      kind: 'email' as const,
      value: `a${i}@example.com`,
    }));
    spec
      .given([])
      .when(register({ contacts }))
      .thenThrows(CustomerValidationError, (error) =>
        expect(error.violations[0]).toMatchObject({ field: 'contacts', code: 'TOO_MANY' }),
      );
  });

  it('rejects control characters in names', () => {
    spec
      .given([])
      .when(register({ details: { kind: 'person', firstName: 'Ada\u0000', lastName: 'L' } }))
      .thenThrows(CustomerValidationError, (error) =>
        expect(error.violations[0]?.code).toBe('INVALID_FORMAT'),
      );
  });
});
