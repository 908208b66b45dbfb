// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerAlreadyExistsError, CustomerValidationError } from '../errors';
import { CUSTOMER_ID, registered } from '../testing/customer-fixtures';
import type { RegisterCustomer } from './customer.commands';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);

// The command is clean (the parsers' spec covers trimming, normalising and every field's format:
// customer-command.parsers.unit.spec.ts); the decider decides the events and the rules between
// contacts (duplicates, per-kind limits).
function register(data: Partial<RegisterCustomer['data']> = {}): RegisterCustomer {
  return {
    type: 'RegisterCustomer',
    data: {
      customerId: CUSTOMER_ID,
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      contacts: [],
      ...data,
    },
  };
}

const email = (contactId: string, value: string, requestedPrimary = false) =>
  ({ contactId, kind: 'email', value, requestedPrimary }) as const;

describe('RegisterCustomer', () => {
  it('registers a person as a prospect', () => {
    spec.given([]).when(register()).then([registered()]);
  });

  it('registers a company with industry and size', () => {
    spec
      .given([])
      .when(
        register({
          kind: 'company',
          person: undefined,
          company: { legalName: 'Acme GmbH', industry: 'Retail', size: 'small' },
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

  it('makes the first contact of each kind primary (or the requested one), and records channel and owner', () => {
    spec
      .given([])
      .when(
        register({
          nationalId: 'AB123456',
          contacts: [
            email('e1', 'ada@example.com'),
            {
              contactId: 'p1',
              kind: 'phone',
              value: '+49301234567',
              label: 'home',
              requestedPrimary: false,
            },
            email('e2', 'ada@work.example', true),
          ],
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

  it('rejects the same email twice in one request', () => {
    spec
      .given([])
      .when(
        register({
          contacts: [email('e1', 'ada@example.com'), email('e2', 'ada@example.com')],
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
    const contacts = Array.from({ length: 21 }, (_, i) => email(`e${i}`, `a${i}@example.com`));
    spec
      .given([])
      .when(register({ contacts }))
      .thenThrows(CustomerValidationError, (error) =>
        expect(error.violations[0]).toMatchObject({ field: 'contacts', code: 'TOO_MANY' }),
      );
  });
});
