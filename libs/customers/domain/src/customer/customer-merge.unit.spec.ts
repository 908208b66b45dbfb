// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CustomerErasedError, MergeNotAllowedError } from '../errors';
import {
  CUSTOMER_ID as SURVIVOR,
  OTHER_ID as MERGED,
  companyRegistered,
  emailAdded,
  erased,
  mergedInto,
  phoneAdded,
  registered,
} from '../testing/customer-fixtures';
import type { CustomerEvent } from './customer.events';
import { customerDecider } from './customer.decider';
import type { RegisteredCustomer } from './customer.state';
import { mergeLinks, subjectKey, subjectOf } from './personal-data-subjects';

const spec = deciderSpec(customerDecider);
const fold = (events: CustomerEvent[]) =>
  events.reduce(customerDecider.evolve, customerDecider.initialState);

const mergedHistory: CustomerEvent[] = [
  registered(MERGED),
  emailAdded('ada@example.com', 'm-e1', true, MERGED),
  phoneAdded('+4930123456', 'm-p1', true, MERGED),
  {
    type: 'customers.ChannelRecorded',
    data: { customerId: MERGED, channel: 'offline_store', externalId: 'pos-9' },
  },
  {
    type: 'customers.CustomerTagged',
    data: { customerId: MERGED, tags: [{ kind: 'interest', value: 'hiking' }] },
  },
  {
    type: 'customers.ConsentWithdrawn',
    data: {
      customerId: MERGED,
      channel: 'email',
      source: 'store',
      withdrawnAt: '2024-04-01T00:00:00.000Z',
    },
  },
  {
    type: 'customers.InteractionRecorded',
    data: {
      customerId: MERGED,
      interactionId: 'i-9',
      kind: 'visit',
      occurredAt: '2024-02-01T00:00:00.000Z',
      performedBy: 'rep-2',
    },
  },
  {
    type: 'customers.PurchaseRecorded',
    data: {
      customerId: MERGED,
      orderId: 'o-9',
      items: [{ category: 'shoes', quantity: 1 }],
      amount: '10.00',
      amountMinor: 1000,
      currency: 'EUR',
      channel: 'offline_store',
      purchasedAt: '2024-02-01T00:00:00.000Z',
    },
  },
];

const survivorHistory: CustomerEvent[] = [
  registered(SURVIVOR),
  emailAdded('ada@example.com', 's-e1', true, SURVIVOR),
  {
    type: 'customers.ConsentGranted',
    data: {
      customerId: SURVIVOR,
      channel: 'email',
      source: 'web',
      grantedAt: '2024-01-01T00:00:00.000Z',
    },
  },
];

describe('CloseAsMergedInto (merge step 1, on the merged customer)', () => {
  it('closes the merged stream with a pointer to the survivor', () => {
    spec
      .given(mergedHistory)
      .when({
        type: 'CloseAsMergedInto',
        data: { customerId: MERGED, survivorCustomerId: SURVIVOR, reason: 'same person' },
      })
      .then([
        {
          type: 'customers.CustomerMergedInto',
          data: { customerId: MERGED, survivorCustomerId: SURVIVOR, reason: 'same person' },
        },
      ]);
  });

  it('is a no-op when already merged into the same survivor, an error for another one', () => {
    spec
      .given([...mergedHistory, mergedInto(SURVIVOR, MERGED)])
      .when({
        type: 'CloseAsMergedInto',
        data: { customerId: MERGED, survivorCustomerId: SURVIVOR },
      })
      .thenNothingHappened();
    spec
      .given([...mergedHistory, mergedInto(SURVIVOR, MERGED)])
      .when({
        type: 'CloseAsMergedInto',
        data: { customerId: MERGED, survivorCustomerId: 'third' },
      })
      .thenThrows(MergeNotAllowedError);
  });

  it('refuses to merge a customer into itself or an erased customer', () => {
    spec
      .given(mergedHistory)
      .when({ type: 'CloseAsMergedInto', data: { customerId: MERGED, survivorCustomerId: MERGED } })
      .thenThrows(MergeNotAllowedError);
    spec
      .given([...mergedHistory, erased(MERGED)])
      .when({
        type: 'CloseAsMergedInto',
        data: { customerId: MERGED, survivorCustomerId: SURVIVOR },
      })
      .thenThrows(CustomerErasedError);
  });
});

describe('AbsorbMergedCustomer (merge step 2, on the survivor)', () => {
  const closed = fold([...mergedHistory, mergedInto(SURVIVOR, MERGED)]) as RegisteredCustomer;

  it('records CustomerMerged and copies contacts, channels, tags, newer consent, interactions and purchases', () => {
    spec
      .given(survivorHistory)
      .when({ type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } })
      .then([
        {
          type: 'customers.CustomerMerged',
          data: { customerId: SURVIVOR, mergedCustomerId: MERGED },
        },
        {
          type: 'customers.ContactAdded',
          data: {
            customerId: SURVIVOR,
            contactId: 'm-p1',
            contactKind: 'phone',
            value: '+4930123456',
            primary: true,
            dataSubjectId: MERGED,
          },
        },
        {
          type: 'customers.ChannelRecorded',
          data: { customerId: SURVIVOR, channel: 'offline_store', externalId: 'pos-9' },
        },
        {
          type: 'customers.CustomerTagged',
          data: { customerId: SURVIVOR, tags: [{ kind: 'interest', value: 'hiking' }] },
        },
        {
          type: 'customers.ConsentWithdrawn',
          data: {
            customerId: SURVIVOR,
            channel: 'email',
            source: 'store',
            withdrawnAt: '2024-04-01T00:00:00.000Z',
          },
        },
        {
          type: 'customers.InteractionRecorded',
          data: {
            customerId: SURVIVOR,
            interactionId: 'i-9',
            kind: 'visit',
            occurredAt: '2024-02-01T00:00:00.000Z',
            performedBy: 'rep-2',
            mergedFrom: MERGED,
            dataSubjectId: MERGED,
          },
        },
        {
          type: 'customers.PurchaseRecorded',
          data: {
            customerId: SURVIVOR,
            orderId: 'o-9',
            items: [{ category: 'shoes', quantity: 1 }],
            amount: '10.00',
            amountMinor: 1000,
            currency: 'EUR',
            channel: 'offline_store',
            purchasedAt: '2024-02-01T00:00:00.000Z',
            mergedFrom: MERGED,
          },
        },
      ]);
  });

  it('is idempotent: absorbing the same customer twice does nothing', () => {
    const first = customerDecider.decide(
      { type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } },
      fold(survivorHistory),
    );
    spec
      .given([...survivorHistory, ...first])
      .when({ type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } })
      .thenNothingHappened();
  });

  it('requires step 1 first, and equal kinds', () => {
    spec
      .given(survivorHistory)
      .when({
        type: 'AbsorbMergedCustomer',
        data: { customerId: SURVIVOR, merged: fold(mergedHistory) as RegisteredCustomer },
      })
      .thenThrows(MergeNotAllowedError);
    spec
      .given([companyRegistered(SURVIVOR)])
      .when({ type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } })
      .thenThrows(MergeNotAllowedError);
  });

  it('keeps both histories: the survivor state holds the merged purchases and the merge pointer', () => {
    const events = customerDecider.decide(
      { type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } },
      fold(survivorHistory),
    );
    const survivor = fold([...survivorHistory, ...events]) as RegisteredCustomer;
    expect(survivor.mergedFrom).toEqual([MERGED]);
    expect(survivor.purchases.map((p) => p.orderId)).toEqual(['o-9']);
    expect(survivor.contacts.filter((c) => c.primary).map((c) => c.contactId)).toEqual([
      's-e1',
      'm-p1',
    ]);
    expect(closed.lifecycle).toEqual({ status: 'merged', survivorCustomerId: SURVIVOR });
  });
});

describe('personal data copied by a merge stays under the key of the person it came from', () => {
  const THIRD = '0190a000-0000-7000-8000-000000000003';
  const personal = (customerId: string, tag: string): CustomerEvent[] => [
    registered(customerId),
    emailAdded(`${tag}@example.com`, `${tag}-e`, true, customerId),
    {
      type: 'customers.ProfileUpdated',
      data: { customerId, nationalId: `NID${tag.toUpperCase()}` },
    },
    { type: 'customers.DemographicsSet', data: { customerId, birthday: '1990-01-0' + tag.length } },
    {
      type: 'customers.CustomFieldValuesSet',
      data: { customerId, values: { [`field-${tag}`]: tag }, cleared: [] },
    },
    {
      type: 'customers.InteractionRecorded',
      data: {
        customerId,
        interactionId: `${tag}-i`,
        kind: 'call',
        occurredAt: '2024-02-01T00:00:00.000Z',
        notes: `notes of ${tag}`,
        performedBy: 'rep',
      },
    },
  ];
  const absorb = (survivor: CustomerEvent[], merged: CustomerEvent[], ids: [string, string]) => {
    const closed = fold([...merged, mergedInto(ids[0], ids[1])]) as RegisteredCustomer;
    return customerDecider.decide(
      { type: 'AbsorbMergedCustomer', data: { customerId: ids[0], merged: closed } },
      fold(survivor),
    );
  };
  const subjects = (events: readonly CustomerEvent[]) =>
    events.map((e) => [e.type, (e.data as { dataSubjectId?: string }).dataSubjectId]);

  it('marks every copied personal item with the merged customer as its data subject', () => {
    const survivorOnly = [registered(SURVIVOR)];
    const events = absorb(survivorOnly, personal(MERGED, 'p'), [SURVIVOR, MERGED]);
    expect(subjects(events)).toEqual([
      ['customers.CustomerMerged', undefined],
      ['customers.ContactAdded', MERGED],
      ['customers.ProfileUpdated', MERGED],
      ['customers.DemographicsSet', MERGED],
      ['customers.CustomFieldValuesSet', MERGED],
      ['customers.InteractionRecorded', MERGED],
    ]);
    const survivor = fold([...survivorOnly, ...events]) as RegisteredCustomer;
    for (const key of [
      subjectKey.contact('p-e'),
      subjectKey.nationalId,
      subjectKey.birthday,
      subjectKey.customField('field-p'),
      subjectKey.interaction('p-i'),
    ])
      expect(subjectOf(survivor, key)).toBe(MERGED);
  });

  it("leaves the survivor's own birthday under the survivor's key when demographics are combined", () => {
    const survivorHistory = [
      registered(SURVIVOR),
      { type: 'customers.DemographicsSet', data: { customerId: SURVIVOR, birthday: '1980-05-05' } },
    ] as CustomerEvent[];
    const merged = [
      registered(MERGED),
      { type: 'customers.DemographicsSet', data: { customerId: MERGED, region: 'DE-BE' } },
    ] as CustomerEvent[];
    const demographics = absorb(survivorHistory, merged, [SURVIVOR, MERGED]).find(
      (e) => e.type === 'customers.DemographicsSet',
    );
    expect(demographics?.data).toEqual({
      customerId: SURVIVOR,
      birthday: '1980-05-05',
      region: 'DE-BE',
    });
  });

  it('keeps the original subject through a chain of merges (P into Q, then Q into R)', () => {
    // Q's stream (MERGED plays Q, SURVIVOR plays P): its own facts, then the copies of P's.
    const q = [
      ...personal(MERGED, 'q'),
      ...absorb(personal(MERGED, 'q'), personal(SURVIVOR, 'p'), [MERGED, SURVIVOR]),
    ];
    const intoR = absorb(personal(THIRD, 'r'), q, [THIRD, MERGED]);
    const copied = intoR.filter((e) => e.type === 'customers.InteractionRecorded');
    expect(copied.map((e) => [e.data.interactionId, e.data.dataSubjectId])).toEqual([
      ['q-i', MERGED],
      ['p-i', SURVIVOR],
    ]);
    const contacts = intoR.filter((e) => e.type === 'customers.ContactAdded');
    expect(contacts.map((e) => [e.data.contactId, e.data.dataSubjectId])).toEqual([
      ['q-e', MERGED],
      ['p-e', SURVIVOR],
    ]);
    const fields = intoR.filter((e) => e.type === 'customers.CustomFieldValuesSet');
    expect(fields.map((e) => [e.data.values, e.data.dataSubjectId])).toEqual([
      [{ 'field-q': 'q' }, MERGED],
      [{ 'field-p': 'p' }, SURVIVOR],
    ]);
  });

  it('refuses a merge into an erased customer, and of an erased customer, writing nothing', () => {
    const closed = fold([...mergedHistory, mergedInto(SURVIVOR, MERGED)]) as RegisteredCustomer;
    spec
      .given([...survivorHistory, erased(SURVIVOR)])
      .when({ type: 'AbsorbMergedCustomer', data: { customerId: SURVIVOR, merged: closed } })
      .thenThrows(CustomerErasedError);
    // Merged away and then erased: it cannot be merged anywhere else either.
    spec
      .given([...mergedHistory, mergedInto(SURVIVOR, MERGED), erased(MERGED)])
      .when({ type: 'CloseAsMergedInto', data: { customerId: MERGED, survivorCustomerId: THIRD } })
      .thenThrows(CustomerErasedError);
  });

  it('links a customer to its survivor (also once erased) and to the customers it absorbed', () => {
    const events = absorb(survivorHistory, mergedHistory, [SURVIVOR, MERGED]);
    expect(mergeLinks(fold([...survivorHistory, ...events]) as RegisteredCustomer)).toEqual([
      MERGED,
    ]);
    const closed = [...mergedHistory, mergedInto(SURVIVOR, MERGED)];
    expect(mergeLinks(fold(closed) as RegisteredCustomer)).toEqual([SURVIVOR]);
    expect(mergeLinks(fold([...closed, erased(MERGED)]) as RegisteredCustomer)).toEqual([SURVIVOR]);
    expect(mergeLinks(fold(survivorHistory) as RegisteredCustomer)).toEqual([]);
  });
});
