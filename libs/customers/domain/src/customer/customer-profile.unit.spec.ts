// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerValidationError, InvalidLifecycleTransitionError } from '../errors';
import { CUSTOMER_ID, NOW, companyRegistered, registered } from '../testing/customer-fixtures';
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

describe('SetDemographics', () => {
  it('replaces demographics', () => {
    spec
      .given([registered()])
      .when({
        type: 'SetDemographics',
        data: { customerId: CUSTOMER_ID, birthday: '1815-12-10', now: NOW },
      })
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]).toMatchObject({ field: 'birthday', code: 'OUT_OF_RANGE' }),
      );
    spec
      .given([registered()])
      .when({
        type: 'SetDemographics',
        data: {
          customerId: CUSTOMER_ID,
          birthday: '1985-02-28',
          gender: 'female',
          incomeBand: 'high',
          region: 'DE-BE',
          now: NOW,
        },
      })
      .then([
        {
          type: 'customers.DemographicsSet',
          data: {
            customerId: CUSTOMER_ID,
            birthday: '1985-02-28',
            gender: 'female',
            incomeBand: 'high',
            region: 'DE-BE',
          },
        },
      ]);
  });

  // Unknown enum values are the parser's (customer-command.parsers.unit.spec.ts): the command is typed.
  it('rejects an impossible date and a future birthday', () => {
    spec
      .given([registered()])
      .when({
        type: 'SetDemographics',
        data: {
          customerId: CUSTOMER_ID,
          birthday: '1985-02-30',
          now: NOW,
        },
      })
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations.map((v) => v.code)).toEqual(['INVALID_FORMAT']),
      );
    spec
      .given([registered()])
      .when({
        type: 'SetDemographics',
        data: { customerId: CUSTOMER_ID, birthday: '2030-01-01', now: NOW },
      })
      .thenThrows(CustomerValidationError);
  });
});

describe('TagCustomer / UntagCustomer', () => {
  it('adds only new tags, normalised', () => {
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
            { kind: 'interest', value: ' Hiking ' },
            { kind: 'buying_motive', value: 'Price  Conscious' },
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
            { kind: 'label', value: 'VIP' },
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

  it('rejects oversized tags', () => {
    spec
      .given([registered()])
      .when({
        type: 'TagCustomer',
        data: { customerId: CUSTOMER_ID, tags: [{ kind: 'label', value: 'x'.repeat(65) }] },
      })
      .thenThrows(CustomerValidationError, (e) =>
        expect(e.violations[0]).toMatchObject({ field: 'tags[0].value', code: 'TOO_LONG' }),
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

  it('rejects external ids with whitespace', () => {
    spec
      .given([registered()])
      .when({
        type: 'RecordChannel',
        data: { customerId: CUSTOMER_ID, channel: { channel: 'event', externalId: 'a b' } },
      })
      .thenThrows(CustomerValidationError);
  });
});
