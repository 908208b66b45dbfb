// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  ContactNotFoundError,
  CustomerErasedError,
  CustomerMergedError,
  CustomerNotFoundError,
  CustomerValidationError,
} from '../errors';
import {
  CUSTOMER_ID,
  OTHER_ID,
  emailAdded,
  erased,
  mergedInto,
  phoneAdded,
  registered,
} from '../testing/customer-fixtures';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);
const addEmail = (value: string, contactId = 'e-new', primary = false) =>
  ({
    type: 'AddContact',
    data: {
      customerId: CUSTOMER_ID,
      contact: { contactId, kind: 'email', value, requestedPrimary: primary },
    },
  }) as const;

describe('AddContact', () => {
  it('adds a second email as non-primary', () => {
    spec
      .given([registered(), emailAdded('ada@example.com', 'e1')])
      .when(addEmail('ada@work.example'))
      .then([
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'e-new',
            contactKind: 'email',
            value: 'ada@work.example',
            primary: false,
          },
        },
      ]);
  });

  it('makes the first contact of a kind primary', () => {
    spec
      .given([registered(), emailAdded('ada@example.com', 'e1')])
      .when({
        type: 'AddContact',
        data: {
          customerId: CUSTOMER_ID,
          contact: {
            contactId: 'p1',
            kind: 'phone',
            value: '+442079460958',
            requestedPrimary: false,
          },
        },
      })
      .then([
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'p1',
            contactKind: 'phone',
            value: '+442079460958',
            primary: true,
          },
        },
      ]);
  });

  // Normalising the value (country code, phone, e-mail case) is the parser's: its spec.
  it('adds a postal address', () => {
    spec
      .given([registered()])
      .when({
        type: 'AddContact',
        data: {
          customerId: CUSTOMER_ID,
          contact: {
            contactId: 'a1',
            kind: 'address',
            value: {
              line1: 'Unter den Linden 1',
              postalCode: '10117',
              city: 'Berlin',
              countryCode: 'DE',
            },
            requestedPrimary: false,
          },
        },
      })
      .then([
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'a1',
            contactKind: 'address',
            value: {
              line1: 'Unter den Linden 1',
              postalCode: '10117',
              city: 'Berlin',
              countryCode: 'DE',
            },
            primary: true,
          },
        },
      ]);
  });

  it('rejects an email the customer already has', () => {
    spec
      .given([registered(), emailAdded('ada@example.com', 'e1')])
      .when(addEmail('ada@example.com'))
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]).toMatchObject({ field: 'contact.email', code: 'DUPLICATE' }),
      );
  });

  it('treats a retry with the same contact id and value as a no-op', () => {
    spec
      .given([registered(), emailAdded('ada@example.com', 'e1')])
      .when(addEmail('ada@example.com', 'e1'))
      .thenNothingHappened();
  });

  it('fails for a customer that does not exist', () => {
    spec.given([]).when(addEmail('a@b.example')).thenThrows(CustomerNotFoundError);
  });

  it('fails for a merged customer, naming the survivor', () => {
    spec
      .given([registered(), mergedInto(OTHER_ID)])
      .when(addEmail('a@b.example'))
      .thenThrows(CustomerMergedError, (e) => expect(e.survivorCustomerId).toBe(OTHER_ID));
  });

  it('fails for an erased customer', () => {
    spec
      .given([registered(), erased()])
      .when(addEmail('a@b.example'))
      .thenThrows(CustomerErasedError);
  });
});

describe('SetPrimaryContact', () => {
  it('moves the primary flag within the kind', () => {
    spec
      .given([
        registered(),
        emailAdded('a@example.com', 'e1', true),
        emailAdded('b@example.com', 'e2', false),
      ])
      .when({ type: 'SetPrimaryContact', data: { customerId: CUSTOMER_ID, contactId: 'e2' } })
      .then([
        {
          type: 'customers.PrimaryContactSet',
          data: { customerId: CUSTOMER_ID, contactId: 'e2', contactKind: 'email' },
        },
      ]);
  });

  it('is a no-op for the current primary', () => {
    spec
      .given([registered(), emailAdded('a@example.com', 'e1', true)])
      .when({ type: 'SetPrimaryContact', data: { customerId: CUSTOMER_ID, contactId: 'e1' } })
      .thenNothingHappened();
  });

  it('fails for an unknown contact', () => {
    spec
      .given([registered()])
      .when({ type: 'SetPrimaryContact', data: { customerId: CUSTOMER_ID, contactId: 'nope' } })
      .thenThrows(ContactNotFoundError);
  });
});

describe('RemoveContact', () => {
  it('promotes the next contact of the same kind when the primary is removed', () => {
    spec
      .given([
        registered(),
        emailAdded('a@example.com', 'e1', true),
        phoneAdded('+4930123456', 'p1'),
        emailAdded('b@example.com', 'e2', false),
      ])
      .when({ type: 'RemoveContact', data: { customerId: CUSTOMER_ID, contactId: 'e1' } })
      .then([
        {
          type: 'customers.ContactRemoved',
          data: {
            customerId: CUSTOMER_ID,
            contactId: 'e1',
            contactKind: 'email',
            promotedContactId: 'e2',
          },
        },
      ]);
  });

  it('removes a non-primary contact without promotion', () => {
    spec
      .given([
        registered(),
        emailAdded('a@example.com', 'e1', true),
        emailAdded('b@example.com', 'e2', false),
      ])
      .when({ type: 'RemoveContact', data: { customerId: CUSTOMER_ID, contactId: 'e2' } })
      .then([
        {
          type: 'customers.ContactRemoved',
          data: { customerId: CUSTOMER_ID, contactId: 'e2', contactKind: 'email' },
        },
      ]);
  });

  it('fails for an unknown contact', () => {
    spec
      .given([registered()])
      .when({ type: 'RemoveContact', data: { customerId: CUSTOMER_ID, contactId: 'x' } })
      .thenThrows(ContactNotFoundError);
  });

  it('after removal the promoted contact is primary (evolve)', () => {
    const events = [
      registered(),
      emailAdded('a@example.com', 'e1', true),
      emailAdded('b@example.com', 'e2', false),
      {
        type: 'customers.ContactRemoved',
        data: {
          customerId: CUSTOMER_ID,
          contactId: 'e1',
          contactKind: 'email',
          promotedContactId: 'e2',
        },
      } as const,
    ];
    const state = events.reduce(customerDecider.evolve, customerDecider.initialState);
    expect(state.stage === 'registered' && state.contacts).toEqual([
      { contactId: 'e2', kind: 'email', value: 'b@example.com', primary: true },
    ]);
  });
});
