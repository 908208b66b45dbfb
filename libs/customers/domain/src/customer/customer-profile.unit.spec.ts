// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerValidationError, InvalidLifecycleTransitionError } from '../errors';
import { CUSTOMER_ID, companyRegistered, registered } from '../testing/customer-fixtures';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);

describe('UpdateProfile', () => {
  it('records only the fields that changed', () => {
    spec
      .given([registered()])
      .when({
        type: 'UpdateProfile',
        data: {
          customerId: CUSTOMER_ID,
          person: { firstName: 'Ada', lastName: 'King', nationalId: 'X1234' },
        },
      })
      .then([
        {
          type: 'customers.ProfileUpdated',
          data: { customerId: CUSTOMER_ID, lastName: 'King', nationalId: 'X1234' },
        },
      ]);
  });

  it('is a no-op when nothing changes', () => {
    spec
      .given([registered()])
      .when({
        type: 'UpdateProfile',
        data: { customerId: CUSTOMER_ID, person: { firstName: 'Ada' } },
      })
      .thenNothingHappened();
  });

  // Card numbers are checked and normalised by the parser (customer-command.parsers.unit.spec.ts).
  it('stores a card, keeps the same card and clears it with null', () => {
    const card = { number: '4111111111111111', last4: '1111' };
    const withCard = {
      type: 'customers.ProfileUpdated',
      data: { customerId: CUSTOMER_ID, bankCard: card },
    } as const;
    const update = (bankCard: typeof card | null) =>
      ({ type: 'UpdateProfile', data: { customerId: CUSTOMER_ID, bankCard } }) as const;
    spec.given([registered()]).when(update(card)).then([withCard]);
    spec
      .given([registered(), withCard])
      .when(update({ ...card }))
      .thenNothingHappened();
    spec.given([registered()]).when(update(null)).thenNothingHappened();
    spec
      .given([registered(), withCard])
      .when(update(null))
      .then([
        { type: 'customers.ProfileUpdated', data: { customerId: CUSTOMER_ID, bankCard: null } },
      ]);
  });

  it('rejects a company patch for a person', () => {
    spec
      .given([registered()])
      .when({
        type: 'UpdateProfile',
        data: { customerId: CUSTOMER_ID, company: { legalName: 'X' } },
      })
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]).toMatchObject({ field: 'company', code: 'NOT_ALLOWED' }),
      );
  });

  it('updates company details and clears the industry', () => {
    spec
      .given([companyRegistered()])
      .when({
        type: 'UpdateProfile',
        data: { customerId: CUSTOMER_ID, company: { size: 'large', industry: null } },
      })
      .then([
        { type: 'customers.ProfileUpdated', data: { customerId: CUSTOMER_ID, size: 'large' } },
      ]);
  });
});

describe('ChangeLifecycleStatus', () => {
  const change = (status: 'prospect' | 'active' | 'inactive') =>
    ({
      type: 'ChangeLifecycleStatus',
      data: { customerId: CUSTOMER_ID, status, reason: 'first order' },
    }) as const;

  it('activates a prospect', () => {
    spec
      .given([registered()])
      .when(change('active'))
      .then([
        {
          type: 'customers.LifecycleStatusChanged',
          data: { customerId: CUSTOMER_ID, from: 'prospect', to: 'active', reason: 'first order' },
        },
      ]);
  });

  it('does not turn an active customer back into a prospect', () => {
    spec
      .given([registered(CUSTOMER_ID, 'active')])
      .when(change('prospect'))
      .thenThrows(InvalidLifecycleTransitionError);
  });

  it('is a no-op for the current status', () => {
    spec
      .given([registered(CUSTOMER_ID, 'active')])
      .when(change('active'))
      .thenNothingHappened();
  });
});

describe('AssignOwner', () => {
  it('assigns and unassigns owner and team', () => {
    const assigned = {
      type: 'customers.OwnerAssigned',
      data: { customerId: CUSTOMER_ID, ownerUserId: 'rep-1', teamId: 'north' },
    } as const;
    spec
      .given([registered()])
      .when({
        type: 'AssignOwner',
        data: { customerId: CUSTOMER_ID, ownerUserId: 'rep-1', teamId: 'north' },
      })
      .then([assigned]);
    spec
      .given([registered(), assigned])
      .when({
        type: 'AssignOwner',
        data: { customerId: CUSTOMER_ID, ownerUserId: 'rep-1', teamId: 'north' },
      })
      .thenNothingHappened();
    spec
      .given([registered(), assigned])
      .when({
        type: 'AssignOwner',
        data: { customerId: CUSTOMER_ID, ownerUserId: null, teamId: null },
      })
      .then([
        {
          type: 'customers.OwnerAssigned',
          data: { customerId: CUSTOMER_ID, ownerUserId: null, teamId: null },
        },
      ]);
  });
});

// Birthdays, text and enum values are the parser's (customer-command.parsers.unit.spec.ts): the
// command is clean.
describe('SetDemographics', () => {
  const demographics = {
    birthday: '1985-02-28',
    gender: 'female',
    incomeBand: 'high',
    region: 'DE-BE',
  } as const;

  it('replaces demographics', () => {
    spec
      .given([registered()])
      .when({ type: 'SetDemographics', data: { customerId: CUSTOMER_ID, ...demographics } })
      .then([
        { type: 'customers.DemographicsSet', data: { customerId: CUSTOMER_ID, ...demographics } },
      ]);
  });

  it('changes nothing when the demographics are the same', () => {
    spec
      .given([
        registered(),
        { type: 'customers.DemographicsSet', data: { customerId: CUSTOMER_ID, ...demographics } },
      ])
      .when({ type: 'SetDemographics', data: { customerId: CUSTOMER_ID, ...demographics } })
      .thenNothingHappened();
  });
});

describe('TagCustomer / UntagCustomer', () => {
  // Tags arrive normalised and distinct (the parser runs `validateTags`).
  it('adds only new tags', () => {
    spec
      .given([
        registered(),
        {
          type: 'customers.CustomerTagged',
          data: { customerId: CUSTOMER_ID, tags: [{ kind: 'interest', value: 'hiking' }] },
        },
      ])
      .when({
        type: 'TagCustomer',
        data: {
          customerId: CUSTOMER_ID,
          tags: [
            { kind: 'interest', value: 'hiking' },
            { kind: 'buying_motive', value: 'price conscious' },
          ],
        },
      })
      .then([
        {
          type: 'customers.CustomerTagged',
          data: {
            customerId: CUSTOMER_ID,
            tags: [{ kind: 'buying_motive', value: 'price conscious' }],
          },
        },
      ]);
  });

  it('removes only tags the customer has', () => {
    spec
      .given([
        registered(),
        {
          type: 'customers.CustomerTagged',
          data: { customerId: CUSTOMER_ID, tags: [{ kind: 'label', value: 'vip' }] },
        },
      ])
      .when({
        type: 'UntagCustomer',
        data: {
          customerId: CUSTOMER_ID,
          tags: [
            { kind: 'label', value: 'vip' },
            { kind: 'label', value: 'other' },
          ],
        },
      })
      .then([
        {
          type: 'customers.CustomerUntagged',
          data: { customerId: CUSTOMER_ID, tags: [{ kind: 'label', value: 'vip' }] },
        },
      ]);
  });

  it('refuses more than 100 tags of one kind on a customer', () => {
    const tags = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ kind: 'label' as const, value: `t${from + i}` }));
    spec
      .given([
        registered(),
        { type: 'customers.CustomerTagged', data: { customerId: CUSTOMER_ID, tags: tags(0, 60) } },
      ])
      .when({ type: 'TagCustomer', data: { customerId: CUSTOMER_ID, tags: tags(60, 41) } })
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]).toMatchObject({ field: 'tags', code: 'TOO_MANY' }),
      );
  });
});

describe('RecordChannel', () => {
  it('records a channel with its external id once', () => {
    const recorded = {
      type: 'customers.ChannelRecorded',
      data: { customerId: CUSTOMER_ID, channel: 'online_store', externalId: 'shop-42' },
    } as const;
    const command = {
      type: 'RecordChannel',
      data: {
        customerId: CUSTOMER_ID,
        channel: { channel: 'online_store', externalId: 'shop-42' },
      },
    } as const;
    spec.given([registered()]).when(command).then([recorded]);
    spec.given([registered(), recorded]).when(command).thenNothingHappened();
  });
});
