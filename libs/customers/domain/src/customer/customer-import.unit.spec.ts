// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerAlreadyExistsError, CustomerValidationError } from '../errors';
import { CUSTOMER_ID, NOW, registered } from '../testing/customer-fixtures';
import type { ImportCustomer } from './customer.commands';
import { customerDecider } from './customer.decider';
import type { CustomerRegistered } from './customer.events';
import { customerFacts, foldRegistrationFacts } from './registration-facts';

const spec = deciderSpec(customerDecider);

const email = (contactId: string, value: string) =>
  ({ contactId, kind: 'email', value, requestedPrimary: false }) as const;

/** A row as the import's mapping hands it over: parsed by the RPCs' parsers (import-mapping.ts). */
function importRow(data: Partial<ImportCustomer['data']> = {}): ImportCustomer {
  return {
    type: 'ImportCustomer',
    data: {
      customerId: CUSTOMER_ID,
      registration: {
        kind: 'person',
        person: { firstName: 'Ada', lastName: 'Lovelace' },
        contacts: [email('e1', 'ada@example.com')],
        acquiredVia: { channel: 'import', externalId: 'crm-old-1' },
      },
      tags: [{ kind: 'interest', value: 'maths' }],
      customFields: [],
      definitions: {},
      consents: [{ channel: 'email', granted: true }],
      consentSource: 'import:imp-1',
      now: NOW,
      ...data,
    },
  };
}

describe('ImportCustomer (one CSV row)', () => {
  it('registers the customer with contacts, channel, tags and consent in one decision', () => {
    // Contacts and channel travel inside the registration (ADR 0340); tags and consent follow.
    spec
      .given([])
      .when(importRow())
      .then([
        {
          type: 'customers.CustomerRegistered',
          data: {
            ...(registered().data as CustomerRegistered['data']),
            contacts: [
              { contactId: 'e1', contactKind: 'email', value: 'ada@example.com', primary: true },
            ],
            channel: { channel: 'import', externalId: 'crm-old-1' },
          },
        },
        {
          type: 'customers.CustomerTagged',
          data: { customerId: CUSTOMER_ID, tags: [{ kind: 'interest', value: 'maths' }] },
        },
        {
          type: 'customers.ConsentGranted',
          data: {
            customerId: CUSTOMER_ID,
            channel: 'email',
            source: 'import:imp-1',
            grantedAt: NOW,
          },
        },
      ]);
  });

  it('a row of names, an e-mail, a channel and demographics is one event, standing for four', () => {
    const row = importRow({
      tags: [],
      consents: [],
      demographics: { region: 'Region 7', birthday: '1980-12-31' },
    });
    const events = customerDecider.decide(row, customerDecider.initialState);
    expect(events.map((e) => e.type)).toEqual(['customers.CustomerRegistered']);
    const facts = customerFacts(events[0]!);
    expect(facts).toEqual([
      registered(),
      {
        type: 'customers.ContactAdded',
        data: {
          customerId: CUSTOMER_ID,
          contactId: 'e1',
          contactKind: 'email',
          value: 'ada@example.com',
          primary: true,
        },
      },
      {
        type: 'customers.ChannelRecorded',
        data: { customerId: CUSTOMER_ID, channel: 'import', externalId: 'crm-old-1' },
      },
      {
        type: 'customers.DemographicsSet',
        data: { customerId: CUSTOMER_ID, region: 'Region 7', birthday: '1980-12-31' },
      },
    ]);
    // The folded event and the separate facts leave the same customer.
    expect(events.reduce(customerDecider.evolve, customerDecider.initialState)).toEqual(
      facts.reduce(customerDecider.evolve, customerDecider.initialState),
    );
    expect(foldRegistrationFacts(facts)).toEqual(events);
  });

  // A malformed cell is refused by the parsers, by column (import-mapping.unit.spec.ts); what is
  // left to the decider are the rules between values and against the tenant's definitions.
  it('rejects the whole row with every violation of every part (no partial customer)', () => {
    spec
      .given([])
      .when(
        importRow({
          registration: {
            kind: 'person',
            person: { firstName: 'Ada', lastName: 'L' },
            contacts: [email('e1', 'ada@example.com'), email('e2', 'ada@example.com')],
          },
          customFields: [{ name: 'unknown', kind: 'string', value: 'x' }],
        }),
      )
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations.map((v) => v.field)).toEqual([
          'contacts[1].email',
          'customFields.unknown',
        ]),
      );
  });

  it('refuses to import over an existing customer', () => {
    spec.given([registered()]).when(importRow()).thenThrows(CustomerAlreadyExistsError);
  });
});
