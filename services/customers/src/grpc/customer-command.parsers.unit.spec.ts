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

// Registration, contacts, channels, demographics and tags are cleaned here too (ADR 0425): these
// cases moved from the decider's specs (customer-registration, customer-profile), with the same
// fields, codes and values; the CSV import's rows go through the same functions.
describe('cleaning of registrations, channels, demographics and tags', () => {
  const { RecordChannel: parseRecordChannel } = COMMAND_PARSERS;
  const contact = (value: Partial<P.ContactInput__Output>): P.ContactInput__Output => ({
    label: '',
    primary: false,
    contactId: '',
    ...value,
  });
  const register = (changes: Partial<P.RegisterCustomerRequest__Output> = {}) =>
    ({
      ctx: null,
      customerId: 'c-1',
      details: 'person',
      person: { firstName: ' Ada ', lastName: 'Lovelace', nationalId: '' },
      contacts: [],
      acquiredVia: null,
      ownerUserId: '',
      teamId: '',
      initialStatus: 'LIFECYCLE_STATUS_UNSPECIFIED',
      defaultCountryCallingCode: '',
      ...changes,
    }) as P.RegisterCustomerRequest__Output;

  test('a registration with trimmed names, normalised contacts and national id, channel and owner', () => {
    const request = register({
      person: { firstName: ' Ada ', lastName: 'Lovelace', nationalId: 'ab-123 456' },
      contacts: [
        contact({ contactId: 'e1', value: 'email', email: ' Ada@Example.COM ' }),
        contact({ contactId: 'p1', value: 'phone', phone: '030 1234567', label: 'home' }),
        contact({ value: 'email', email: 'ada@work.example', primary: true }),
      ],
      defaultCountryCallingCode: '49',
      acquiredVia: { channel: 'ACQUISITION_CHANNEL_WEB_FORM', externalId: ' form-77 ', detail: '' },
      ownerUserId: 'rep-1',
    });
    expect(parseRegisterCustomer(request, ctx).command.data).toEqual({
      customerId: 'c-1',
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      nationalId: 'AB123456',
      contacts: [
        { contactId: 'e1', kind: 'email', value: 'ada@example.com', requestedPrimary: false },
        {
          contactId: 'p1',
          kind: 'phone',
          value: '+49301234567',
          label: 'home',
          requestedPrimary: false,
        },
        {
          contactId: 'id-contact:2',
          kind: 'email',
          value: 'ada@work.example',
          requestedPrimary: true,
        },
      ],
      acquiredVia: { channel: 'web_form', externalId: 'form-77' },
      ownerUserId: 'rep-1',
    });
  });

  test('a company with industry and size', () => {
    const request = register({
      details: 'company',
      company: {
        legalName: ' Acme GmbH ',
        industry: 'Retail',
        size: 'COMPANY_SIZE_SMALL',
        registrationNumber: '',
      },
      initialStatus: 'LIFECYCLE_STATUS_ACTIVE',
    });
    expect(parseRegisterCustomer(request, ctx).command.data).toEqual({
      customerId: 'c-1',
      kind: 'company',
      company: { legalName: 'Acme GmbH', industry: 'Retail', size: 'small' },
      contacts: [],
      initialStatus: 'active',
    });
  });

  test('every invalid field of a registration at once', () => {
    const request = register({
      person: { firstName: '', lastName: 'x'.repeat(201), nationalId: '' },
      contacts: [
        contact({ contactId: 'e1', value: 'email', email: 'not-an-email' }),
        contact({ contactId: 'p1', value: 'phone', phone: '12345' }),
        contact({
          contactId: 'a1',
          value: 'address',
          address: {
            line1: 'Main St 1',
            line2: '',
            postalCode: '',
            city: 'Berlin',
            region: '',
            countryCode: 'Germany',
          },
        }),
      ],
      acquiredVia: { channel: 'ACQUISITION_CHANNEL_CARRIER_PIGEON', externalId: '', detail: '' },
    } as unknown as Partial<P.RegisterCustomerRequest__Output>);
    expect(violationsOf(() => parseRegisterCustomer(request, ctx))).toEqual([
      ['person.firstName', 'REQUIRED'],
      ['person.lastName', 'TOO_LONG'],
      ['contacts[0].email', 'INVALID_EMAIL'],
      ['contacts[1].phone', 'INVALID_PHONE'],
      ['contacts[2].address.countryCode', 'INVALID_FORMAT'],
      ['acquiredVia.channel', 'UNKNOWN_VALUE'],
    ]);
  });

  test('a chosen customer id is trimmed and must not contain whitespace', () => {
    expect(
      parseRegisterCustomer(register({ customerId: ' c-9 ' }), ctx).command.data.customerId,
    ).toBe('c-9');
    expect(violationsOf(() => parseRegisterCustomer(register({ customerId: 'c 9' }), ctx))).toEqual(
      [['customerId', 'INVALID_FORMAT']],
    );
  });

  test('control characters in names', () => {
    const request = register({ person: { firstName: 'Ada\u0000', lastName: 'L', nationalId: '' } });
    expect(violationsOf(() => parseRegisterCustomer(request, ctx))).toEqual([
      ['person.firstName', 'INVALID_FORMAT'],
    ]);
  });

  test('a channel external id with whitespace', () => {
    const request = {
      ...ids,
      channel: { channel: 'ACQUISITION_CHANNEL_EVENT', externalId: 'a b', detail: '' },
    } as P.RecordChannelRequest__Output;
    expect(violationsOf(() => parseRecordChannel(request))).toEqual([
      ['channel.externalId', 'INVALID_FORMAT'],
    ]);
  });

  const demographics = (
    changes: Partial<P.SetDemographicsRequest__Output>,
  ): P.SetDemographicsRequest__Output => ({
    ...ids,
    birthday: '',
    gender: 'GENDER_UNSPECIFIED',
    occupation: '',
    incomeBand: 'INCOME_BAND_UNSPECIFIED',
    region: '',
    ...changes,
  });

  // The decider compares demographics as JSON ("nothing changed"): the keys keep the events' order.
  test('demographics, clean and in the order of the events', () => {
    const request = demographics({
      region: ' DE-BE ',
      incomeBand: 'INCOME_BAND_HIGH',
      gender: 'GENDER_FEMALE',
      birthday: ' 1985-02-28 ',
    });
    const { data } = parseSetDemographics(request, ctx).command;
    expect(data).toEqual({
      customerId: 'c-1',
      birthday: '1985-02-28',
      gender: 'female',
      incomeBand: 'high',
      region: 'DE-BE',
    });
    expect(Object.keys(data)).toEqual(['customerId', 'birthday', 'gender', 'incomeBand', 'region']);
  });

  test('an impossible date, a future birthday and one before 1900', () => {
    for (const [birthday, code] of [
      ['1985-02-30', 'INVALID_FORMAT'],
      ['2026-01-02', 'OUT_OF_RANGE'],
      ['1815-12-10', 'OUT_OF_RANGE'],
    ]) {
      expect(violationsOf(() => parseSetDemographics(demographics({ birthday }), ctx))).toEqual([
        ['birthday', code],
      ]);
    }
  });

  test('tags normalised and distinct; oversized ones refused', () => {
    const tags = (values: [string, string][]) =>
      ({
        ...ids,
        tags: values.map(([kind, value]) => ({ kind, value })),
      }) as P.TagCustomerRequest__Output;
    const request = tags([
      ['TAG_KIND_INTEREST', ' Hiking '],
      ['TAG_KIND_BUYING_MOTIVE', 'Price  Conscious'],
      ['TAG_KIND_INTEREST', 'hiking'],
    ]);
    expect(parseTagCustomer(request).command.data).toEqual({
      customerId: 'c-1',
      tags: [
        { kind: 'interest', value: 'hiking' },
        { kind: 'buying_motive', value: 'price conscious' },
      ],
    });
    expect(
      violationsOf(() => parseTagCustomer(tags([['TAG_KIND_LABEL', 'x'.repeat(65)]]))),
    ).toEqual([['tags[0].value', 'TOO_LONG']]);
  });
});
