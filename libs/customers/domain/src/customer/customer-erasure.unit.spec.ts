// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerErasedError, CustomerNotFoundError } from '../errors';
import {
  CUSTOMER_ID,
  NOW,
  OTHER_ID,
  emailAdded,
  erased,
  mergedInto,
  registered,
} from '../testing/customer-fixtures';
import { customerIdentities } from './customer-identities';
import type { CustomerEvent } from './customer.events';
import { customerDecider } from './customer.decider';
import { personalDataDocument } from './personal-data-export';

const spec = deciderSpec(customerDecider);
const fold = (events: CustomerEvent[]) =>
  events.reduce(customerDecider.evolve, customerDecider.initialState);

describe('ErasePersonalData', () => {
  it('appends PersonalDataErased with the reason and the ids of the items that held personal data', () => {
    spec
      .given([
        registered(),
        emailAdded('ada@example.com', 'e1'),
        {
          type: 'customers.InteractionRecorded',
          data: {
            customerId: CUSTOMER_ID,
            interactionId: 'i1',
            kind: 'call',
            occurredAt: NOW,
            performedBy: 'rep',
          },
        },
      ])
      .when({
        type: 'ErasePersonalData',
        data: { customerId: CUSTOMER_ID, reason: 'GDPR request 12' },
      })
      .then([
        {
          type: 'customers.PersonalDataErased',
          data: {
            customerId: CUSTOMER_ID,
            reason: 'GDPR request 12',
            contactIds: ['e1'],
            interactionIds: ['i1'],
          },
        },
      ]);
  });

  it('names every customer of the merge group erased with this one', () => {
    spec
      .given([registered(), mergedInto(OTHER_ID)])
      .when({
        type: 'ErasePersonalData',
        data: { customerId: CUSTOMER_ID, erasedCustomerIds: [CUSTOMER_ID, OTHER_ID] },
      })
      .then([
        {
          type: 'customers.PersonalDataErased',
          data: {
            customerId: CUSTOMER_ID,
            contactIds: [],
            interactionIds: [],
            erasedCustomerIds: [CUSTOMER_ID, OTHER_ID],
          },
        },
      ]);
  });

  it('is a no-op for an erased customer and an error for an unknown one', () => {
    spec
      .given([registered(), erased()])
      .when({ type: 'ErasePersonalData', data: { customerId: CUSTOMER_ID } })
      .thenNothingHappened();
    spec
      .given([])
      .when({ type: 'ErasePersonalData', data: { customerId: CUSTOMER_ID } })
      .thenThrows(CustomerNotFoundError);
  });

  it('also erases a merged customer (the same person may ask via the old record)', () => {
    spec
      .given([registered(), mergedInto(OTHER_ID)])
      .when({ type: 'ErasePersonalData', data: { customerId: CUSTOMER_ID } })
      .then([
        {
          type: 'customers.PersonalDataErased',
          data: { customerId: CUSTOMER_ID, contactIds: [], interactionIds: [] },
        },
      ]);
    expect(fold([registered(), mergedInto(OTHER_ID), erased()])).toMatchObject({
      lifecycle: { status: 'erased', mergedInto: OTHER_ID },
    });
  });

  it('closes the record: later commands fail with CustomerErasedError', () => {
    spec
      .given([registered(), erased()])
      .when({
        type: 'GrantConsent',
        data: { customerId: CUSTOMER_ID, channel: 'email', source: 'x', now: NOW },
      })
      .thenThrows(CustomerErasedError);
  });

  it('drops personal data from the state, the identities and the export', () => {
    const state = fold([registered(), emailAdded('ada@example.com'), erased()]);
    expect(customerIdentities(state)).toEqual([]);
    const doc = personalDataDocument(state);
    expect(doc?.profile).toEqual({});
    expect(doc?.contacts).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('ada@example.com');
    expect(JSON.stringify(doc)).not.toContain('Lovelace');
  });
});

describe('personalDataDocument (ExportPersonalData)', () => {
  it('contains everything held about the person', () => {
    const doc = personalDataDocument(
      fold([
        registered(),
        emailAdded('ada@example.com'),
        {
          type: 'customers.DemographicsSet',
          data: { customerId: CUSTOMER_ID, birthday: '1985-02-28' },
        },
        {
          type: 'customers.ConsentGranted',
          data: { customerId: CUSTOMER_ID, channel: 'sms', source: 'app', grantedAt: NOW },
        },
      ]),
    );
    expect(doc).toMatchObject({
      customerId: CUSTOMER_ID,
      status: 'prospect',
      profile: { firstName: 'Ada', lastName: 'Lovelace' },
      contacts: [{ kind: 'email', value: 'ada@example.com', primary: true }],
      demographics: { birthday: '1985-02-28' },
      consents: { sms: { status: 'granted', source: 'app', at: NOW } },
    });
  });
});

describe('customerIdentities (dedupe keys)', () => {
  it('lists normalised emails, phones, national id and channel external ids of open customers', () => {
    const state = fold([
      {
        type: 'customers.CustomerRegistered',
        data: {
          customerId: CUSTOMER_ID,
          kind: 'person',
          person: { firstName: 'A', lastName: 'B' },
          nationalId: 'X1234',
          status: 'prospect',
        },
      },
      emailAdded('ada@example.com'),
      {
        type: 'customers.ChannelRecorded',
        data: { customerId: CUSTOMER_ID, channel: 'online_store', externalId: '77' },
      },
    ]);
    expect(customerIdentities(state)).toEqual([
      { kind: 'email', value: 'ada@example.com' },
      { kind: 'national_id', value: 'X1234' },
      { kind: 'external_id', value: 'online_store:77' },
    ]);
    expect(
      customerIdentities(fold([registered(), emailAdded('a@example.com'), mergedInto(OTHER_ID)])),
    ).toEqual([]);
  });
});
