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
