// The parsers are where a command's enum values are checked: the domain commands are typed, so the
// decider never sees an unknown kind, channel, status, gender or size (docs/adding-a-context.md).
import { CustomerValidationError, type FieldViolation } from '@crm/customers-domain';
import type * as P from '@crm/contracts/customers-grpc';
import {
  COMMAND_PARSERS,
  parseRegisterCustomer,
  type ParseContext,
} from './customer-command.parsers';

const {
  ChangeLifecycleStatus: parseChangeLifecycleStatus,
  GrantConsent: parseGrantConsent,
  RecordInteraction: parseRecordInteraction,
  RecordPurchase: parseRecordPurchase,
  SetDemographics: parseSetDemographics,
  TagCustomer: parseTagCustomer,
} = COMMAND_PARSERS;

const ctx: ParseContext = {
  newId: (purpose) => `id-${purpose}`,
  now: () => '2026-01-01T00:00:00.000Z',
  actorUserId: 'user-1',
};
const ids = { ctx: null, customerId: 'c-1' };

function violationsOf(parse: () => unknown): [string, string][] {
  try {
    parse();
  } catch (error) {
    if (error instanceof CustomerValidationError)
      return error.violations.map((v: FieldViolation) => [v.field, v.code]);
    throw error;
  }
  throw new Error('expected a CustomerValidationError');
}

const interaction = (kind: string, direction = ''): P.RecordInteractionRequest__Output => ({
  ...ids,
  interactionId: '',
  kind: kind as P.RecordInteractionRequest__Output['kind'],
  direction: direction as P.RecordInteractionRequest__Output['direction'],
  occurredAt: '',
  subject: '',
  notes: '',
  outcome: '',
  performedByUserId: '',
});

test('an unknown or missing interaction kind, an unknown direction', () => {
  expect(
    violationsOf(() => parseRecordInteraction(interaction('INTERACTION_KIND_TELEPATHY'), ctx)),
  ).toEqual([['kind', 'UNKNOWN_VALUE']]);
  expect(
    violationsOf(() => parseRecordInteraction(interaction('INTERACTION_KIND_UNSPECIFIED'), ctx)),
  ).toEqual([['kind', 'REQUIRED']]);
  expect(
    violationsOf(() =>
      parseRecordInteraction(interaction('INTERACTION_KIND_CALL', 'SIDEWAYS'), ctx),
    ),
  ).toEqual([['direction', 'UNKNOWN_VALUE']]);
  expect(
    parseRecordInteraction(interaction('INTERACTION_KIND_CALL'), ctx).command.data,
  ).toMatchObject({
    kind: 'call',
  });
});

test('an unknown gender or income band', () => {
  const request = {
    ...ids,
    birthday: '',
    gender: 'GENDER_ROBOT',
    occupation: '',
    incomeBand: 'INCOME_BAND_ASTRONOMICAL',
    region: '',
  } as unknown as P.SetDemographicsRequest__Output;
  expect(violationsOf(() => parseSetDemographics(request, ctx))).toEqual([
    ['gender', 'UNKNOWN_VALUE'],
    ['incomeBand', 'UNKNOWN_VALUE'],
  ]);
});

test('an unknown or missing consent channel', () => {
  const consent = (channel: string) =>
    ({ ...ids, channel, source: 'web', grantedAt: '' }) as P.GrantConsentRequest__Output;
  expect(violationsOf(() => parseGrantConsent(consent('CONSENT_CHANNEL_FAX'), ctx))).toEqual([
    ['channel', 'UNKNOWN_VALUE'],
  ]);
  expect(violationsOf(() => parseGrantConsent(consent(''), ctx))).toEqual([
    ['channel', 'REQUIRED'],
  ]);
});

test('an unknown purchase channel, lifecycle status, company size or tag kind', () => {
  const purchase = {
    ...ids,
    orderId: 'o-1',
    items: [],
    amount: '1.00',
    currency: 'EUR',
    channel: 'ACQUISITION_CHANNEL_CARRIER_PIGEON',
    purchasedAt: '',
  } as unknown as P.RecordPurchaseRequest__Output;
  expect(violationsOf(() => parseRecordPurchase(purchase, ctx))).toEqual([
    ['channel', 'UNKNOWN_VALUE'],
  ]);
  const status = {
    ...ids,
    status: 'LIFECYCLE_STATUS_ZOMBIE',
    reason: '',
  } as unknown as P.ChangeLifecycleStatusRequest__Output;
  expect(violationsOf(() => parseChangeLifecycleStatus(status))).toEqual([
    ['status', 'UNKNOWN_VALUE'],
  ]);
  const tags = {
    ...ids,
    tags: [{ kind: 'TAG_KIND_MOOD', value: 'x' }],
  } as unknown as P.TagCustomerRequest__Output;
  expect(violationsOf(() => parseTagCustomer(tags))).toEqual([['tags[0].kind', 'UNKNOWN_VALUE']]);
  const register = {
    ctx: null,
    customerId: '',
    details: 'company',
    company: {
      legalName: 'Acme',
      industry: '',
      size: 'COMPANY_SIZE_GALACTIC',
      registrationNumber: '',
    },
    contacts: [],
    ownerUserId: '',
    teamId: '',
    initialStatus: 'LIFECYCLE_STATUS_INACTIVE',
    defaultCountryCallingCode: '',
  } as unknown as P.RegisterCustomerRequest__Output;
  expect(violationsOf(() => parseRegisterCustomer(register, ctx))).toEqual([
    ['company.size', 'UNKNOWN_VALUE'],
    ['initialStatus', 'NOT_ALLOWED'],
  ]);
});

// Text cleaning happens here, once (ADR 0375): these cases moved from the decider's specs, with
// the same fields, codes and values.
describe('cleaning', () => {
  const { UpdateProfile: parseUpdateProfile, AssignOwner: parseAssignOwner } = COMMAND_PARSERS;

  test('an interaction without a time carries the time received as `now`; future times and long notes are refused', () => {
    expect(parseRecordInteraction(interaction('INTERACTION_KIND_CALL'), ctx).command.data).toEqual({
      customerId: 'c-1',
      interactionId: 'id-interaction:c-1',
      kind: 'call',
      performedBy: 'user-1',
      now: ctx.now(),
    });
    const bad = {
      ...interaction('INTERACTION_KIND_CALL'),
      occurredAt: '2027-01-01T00:00:00Z',
      notes: 'x'.repeat(10_001),
    };
    expect(violationsOf(() => parseRecordInteraction(bad, ctx))).toEqual([
      ['occurredAt', 'OUT_OF_RANGE'],
      ['notes', 'TOO_LONG'],
    ]);
  });

  const purchase = (changes: object = {}) =>
    ({
      ...ids,
      orderId: ' o-1 ',
      items: [{ sku: 'SKU-1', name: 'Boots', category: 'Shoes', quantity: 1, unitPrice: '129.9' }],
      amount: '129.9',
      currency: 'eur',
      channel: 'ACQUISITION_CHANNEL_ONLINE_STORE',
      purchasedAt: '2024-05-01T10:00:00+02:00',
      ...changes,
    }) as unknown as P.RecordPurchaseRequest__Output;

  test('a purchase with normalised money, currency, category and time', () => {
    expect(parseRecordPurchase(purchase(), ctx).command.data).toEqual({
      customerId: 'c-1',
      orderId: 'o-1',
      items: [{ sku: 'SKU-1', name: 'Boots', category: 'shoes', quantity: 1, unitPrice: '129.90' }],
      amount: '129.90',
      amountMinor: 12990,
      currency: 'EUR',
      channel: 'online_store',
      purchasedAt: '2024-05-01T08:00:00.000Z',
      now: ctx.now(),
    });
  });

  test('bad money, currency, quantity and a missing category', () => {
    const bad = purchase({
      amount: '12.345',
      currency: 'euro',
      items: [{ sku: '', name: '', category: '', quantity: 0, unitPrice: '' }],
    });
    expect(violationsOf(() => parseRecordPurchase(bad, ctx)).map(([field]) => field)).toEqual([
      'items[0].category',
      'items[0].quantity',
      'amount',
      'currency',
    ]);
  });

  const profile = (changes: object) =>
    ({ ...ids, patch: 'person', ...changes }) as unknown as P.UpdateProfileRequest__Output;

  test('a profile patch: normalised national id and card, empty clears, a bad card refused', () => {
    const person = { firstName: 'Ada', lastName: undefined, nationalId: 'x1234' };
    expect(
      parseUpdateProfile(profile({ person, bankCardNumber: '4111 1111 1111 1111' })).command.data,
    ).toEqual({
      customerId: 'c-1',
      person: { firstName: 'Ada', nationalId: 'X1234' },
      bankCard: { number: '4111111111111111', last4: '1111' },
    });
    expect(
      parseUpdateProfile(profile({ person: { nationalId: ' ' }, bankCardNumber: '' })).command.data,
    ).toEqual({ customerId: 'c-1', person: { nationalId: null }, bankCard: null });
    expect(
      violationsOf(() =>
        parseUpdateProfile(
          profile({ person: { firstName: ' ' }, bankCardNumber: '4111111111111112' }),
        ),
      ),
    ).toEqual([
      ['person.firstName', 'REQUIRED'],
      ['bankCardNumber', 'INVALID_FORMAT'],
    ]);
    const company = { industry: '', size: 'COMPANY_SIZE_LARGE', legalName: 'x'.repeat(201) };
    expect(violationsOf(() => parseUpdateProfile(profile({ patch: 'company', company })))).toEqual([
      ['company.legalName', 'TOO_LONG'],
    ]);
    expect(
      parseUpdateProfile(
        profile({ patch: 'company', company: { industry: '', size: 'COMPANY_SIZE_LARGE' } }),
      ).command.data,
    ).toEqual({ customerId: 'c-1', company: { industry: null, size: 'large' } });
  });

  test('owner and team: empty unassigns, whitespace inside an id is refused', () => {
    expect(parseAssignOwner({ ...ids, ownerUserId: ' rep-1 ', teamId: '' }).command.data).toEqual({
      customerId: 'c-1',
      ownerUserId: 'rep-1',
      teamId: null,
    });
    expect(
      violationsOf(() => parseAssignOwner({ ...ids, ownerUserId: 'a b', teamId: '' })),
    ).toEqual([['ownerUserId', 'INVALID_FORMAT']]);
  });

  test('a consent needs a source and defaults to the time received', () => {
    const withdraw = COMMAND_PARSERS.WithdrawConsent;
    const request = (source: string, withdrawnAt = '') =>
      ({
        ...ids,
        channel: 'CONSENT_CHANNEL_EMAIL',
        source,
        withdrawnAt,
      }) as P.WithdrawConsentRequest__Output;
    expect(withdraw(request(' link '), ctx).command.data).toEqual({
      customerId: 'c-1',
      channel: 'email',
      source: 'link',
      now: ctx.now(),
    });
    expect(violationsOf(() => withdraw(request(' ', 'yesterday'), ctx))).toEqual([
      ['source', 'REQUIRED'],
      ['withdrawnAt', 'INVALID_FORMAT'],
    ]);
  });

  // The idempotency fingerprint leaves out `now` only: a retry parsed later must decide the same
  // command, so a time defaulted to the time received is not written into the command.
  test('a retry parsed later is the same command apart from `now`', () => {
    const later: ParseContext = { ...ctx, now: () => '2026-01-02T00:00:00.000Z' };
    const withoutNow = (parsed: { command: { data: object } }) => {
      const { now: _now, ...data } = parsed.command.data as { now?: string };
      return data;
    };
    const request = interaction('INTERACTION_KIND_CALL');
    expect(withoutNow(parseRecordInteraction(request, later))).toEqual(
      withoutNow(parseRecordInteraction(request, ctx)),
    );
    const consent = {
      ...ids,
      channel: 'CONSENT_CHANNEL_EMAIL',
      source: 'web',
      grantedAt: '',
    } as P.GrantConsentRequest__Output;
    expect(withoutNow(parseGrantConsent(consent, later))).toEqual(
      withoutNow(parseGrantConsent(consent, ctx)),
    );
    const order = purchase({ purchasedAt: '' });
    expect(withoutNow(parseRecordPurchase(order, later))).toEqual(
      withoutNow(parseRecordPurchase(order, ctx)),
    );
  });

  test('a contact is normalised and checked: phone, e-mail case, country code', () => {
    const add = COMMAND_PARSERS.AddContact;
    const contact = (value: object) =>
      ({
        ...ids,
        contact: { contactId: 'k1', label: '', primary: false, ...value },
        defaultCountryCallingCode: '',
      }) as unknown as P.AddContactRequest__Output;
    const parsed = (value: object) => add(contact(value), ctx).command.data;
    expect(parsed({ value: 'phone', phone: '+44 20 7946 0958' })).toMatchObject({
      contact: { contactId: 'k1', kind: 'phone', value: '+442079460958' },
    });
    expect(parsed({ value: 'email', email: 'ADA@Example.com' })).toMatchObject({
      contact: { kind: 'email', value: 'ada@example.com' },
    });
    const berlin = { line1: 'Unter den Linden 1', line2: '', postalCode: '10117', city: 'Berlin' };
    expect(
      parsed({ value: 'address', address: { ...berlin, region: '', countryCode: 'de' } }),
    ).toMatchObject({ contact: { kind: 'address', value: { countryCode: 'DE' } } });
    expect(
      violationsOf(() => add(contact({ value: 'phone', phone: 'call me maybe' }), ctx)),
    ).toEqual([['contact.phone', 'INVALID_PHONE']]);
  });
});
