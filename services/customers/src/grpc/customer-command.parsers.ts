// One parser per command: the generated proto request (what proto-loader delivers) becomes a typed
// domain command. Enum names become literals, empty strings "not given", oneofs tagged unions, and
// the shape problems of the request field violations (INVALID_ARGUMENT with typed details). Where a
// command arrives clean (ADR 0375), its text is cleaned here, once, by the domain's rules and limits
// (cleanText, cleanId, customers.limits.ts); this file adds no rule of its own.
import {
  LIMITS,
  Violations,
  cleanId,
  cleanText,
  defined,
  parseDefinition,
  parsePurchase,
  present,
  validateBankCard,
  validateContact,
  validateNationalId,
  validateBirthday,
  validatePastInstant,
  type CustomerCommand,
  type DeclareCustomField,
  type RegisterCustomer,
  type SetCustomFieldValues,
  type SetDemographics,
} from '@crm/customers-domain';
import type * as P from '@crm/contracts/customers-grpc';
import {
  channelInput,
  contactInput,
  customFieldValueInputs,
  enums,
  optional,
  requiredEnum,
  requiredId,
  tagInputs,
} from './request-mapping';

/** Ids and time a parser may need; ids derive from the idempotency key when there is one. */
export interface ParseContext {
  newId(purpose: string): string;
  now(): string;
  readonly actorUserId: string;
}

/** A parsed command and the id of what it creates inside the aggregate, for CommandResult. */
export interface Parsed<C = CustomerCommand> {
  readonly command: C;
  readonly createdId?: string;
}

export type Parser<Request, C = CustomerCommand> = (
  request: Request,
  ctx: ParseContext,
) => Parsed<C>;

const collect = <T>(build: (v: Violations) => T): T => Violations.collect(build);

type DataOf<T extends CustomerCommand['type']> = Omit<
  Extract<CustomerCommand, { type: T }>['data'],
  'customerId'
>;

/**
 * A command on one customer: its id is checked first (alone), then `data` parses the rest with
 * every violation reported at once; `createdId` names what the command creates, if anything.
 */
function onCustomer<T extends CustomerCommand['type']>(
  type: T,
  req: { customerId: string },
  data: (v: Violations, customerId: string) => DataOf<T>,
  createdId?: (data: DataOf<T>) => string,
): Parsed {
  const customerId = requiredId('customerId', req.customerId);
  const parsed = collect((v) => data(v, customerId));
  // Extract<…>['data'] of the one `type` given: TypeScript cannot relate it back to the union.
  const command = { type, data: { customerId, ...parsed } } as CustomerCommand;
  return { command, ...defined({ createdId: createdId?.(parsed) }) };
}

const NAME = { max: LIMITS.name, required: true };

/** What a registration states about the customer: the person or company and its national id. */
function registrationDetails(
  v: Violations,
  req: RegistrationRequest,
): Pick<RegisterCustomer['data'], 'kind' | 'person' | 'company' | 'nationalId'> {
  if (req.details === 'company' && req.company) {
    const c = req.company;
    const legalName = cleanText(v, 'company.legalName', c.legalName, NAME)!;
    const company = defined({
      industry: cleanText(v, 'company.industry', c.industry, { max: LIMITS.shortText }),
      size: enums.companySize(v, 'company.size', c.size),
      registrationNumber: cleanId(v, 'company.registrationNumber', c.registrationNumber),
    });
    return { kind: 'company', company: { legalName, ...company } };
  }
  if (req.details === 'person' && req.person) {
    const { firstName, lastName, nationalId } = req.person;
    return {
      kind: 'person',
      person: {
        firstName: cleanText(v, 'person.firstName', firstName, NAME)!,
        lastName: cleanText(v, 'person.lastName', lastName, NAME)!,
      },
      ...defined({
        nationalId: nationalId && validateNationalId(v, 'person.nationalId', nationalId),
      }),
    };
  }
  v.add('person', 'REQUIRED', 'a person or a company is required');
  return { kind: 'person' };
}

/** The parts of a RegisterCustomerRequest a registration reads (the CSV import fills them too). */
export type RegistrationRequest = Omit<P.RegisterCustomerRequest__Output, 'ctx' | 'customerId'>;

/**
 * A clean registration (all but the customer id), shared by RegisterCustomer and the CSV import's
 * rows; `contactId(i)` names a contact the request leaves unnamed.
 */
export function parseRegistration(
  v: Violations,
  req: RegistrationRequest,
  contactId: (i: number) => string,
): Omit<RegisterCustomer['data'], 'customerId'> {
  const details = registrationDetails(v, req);
  const dialling = optional(req.defaultCountryCallingCode);
  const contacts = req.contacts.flatMap((c, i) => {
    const field = `contacts[${i}]`;
    const input = contactInput(v, field, c, optional(c.contactId) ?? contactId(i));
    const contact = input && validateContact(v, field, input, dialling);
    return contact ? [contact] : [];
  });
  const acquiredVia = channelInput(v, 'acquiredVia', req.acquiredVia);
  const ownerUserId = cleanId(v, 'ownerUserId', req.ownerUserId);
  const teamId = cleanId(v, 'teamId', req.teamId);
  const status = enums.lifecycleStatus(v, 'initialStatus', req.initialStatus);
  if (status === 'inactive')
    v.add('initialStatus', 'NOT_ALLOWED', 'a new customer is a prospect or active');
  const initialStatus = status as 'prospect' | 'active' | undefined;
  return { ...details, contacts, ...defined({ acquiredVia, ownerUserId, teamId, initialStatus }) };
}

export const parseRegisterCustomer: Parser<P.RegisterCustomerRequest__Output, RegisterCustomer> = (
  req,
  ctx,
) =>
  collect((v) => {
    // A client may choose the new customer's id; it is an id like any other (the decider checked it
    // before ADR 0425).
    const customerId = cleanId(v, 'customerId', req.customerId) ?? ctx.newId('customer');
    const registration = parseRegistration(v, req, (i) => ctx.newId(`contact:${i}`));
    return { command: { type: 'RegisterCustomer', data: { customerId, ...registration } } };
  });

/** Clean demographics: the birthday checked against `now`, the time received. */
export function parseDemographics(
  v: Violations,
  req: Omit<P.SetDemographicsRequest__Output, 'ctx' | 'customerId'>,
  now: string,
): Omit<SetDemographics['data'], 'customerId'> {
  const birthday = optional(req.birthday);
  // The order of the keys is the one the events have always had ("nothing changed" compares JSON).
  return defined({
    birthday: birthday && validateBirthday(v, 'birthday', birthday, now),
    gender: enums.gender(v, 'gender', req.gender),
    occupation: cleanText(v, 'occupation', req.occupation, { max: LIMITS.shortText }),
    incomeBand: enums.incomeBand(v, 'incomeBand', req.incomeBand),
    region: cleanText(v, 'region', req.region, { max: LIMITS.shortText }),
  });
}

export const parseDeclareCustomField: Parser<
  P.DeclareCustomFieldRequest__Output,
  DeclareCustomField
> = (req) => {
  const fieldType = collect((v) => requiredEnum(v, 'type', req.type, enums.customFieldType));
  const { name, label, validation } = req;
  const data = parseDefinition({ name, label, fieldType, validation: validation ?? {} });
  return { command: { type: 'DeclareCustomField', data } };
};

/** The tenant's definitions are not in the request: the controller adds them before deciding. */
export const parseSetCustomFieldValues: Parser<
  P.SetCustomFieldValuesRequest__Output,
  Omit<SetCustomFieldValues, 'data'> & { data: Omit<SetCustomFieldValues['data'], 'definitions'> }
> = (req) => {
  const customerId = requiredId('customerId', req.customerId);
  return collect((v) => ({
    command: {
      type: 'SetCustomFieldValues',
      data: { customerId, values: customFieldValueInputs(v, req.values) },
    },
  }));
};

function contactRef(type: 'SetPrimaryContact' | 'RemoveContact') {
  return (req: P.SetPrimaryContactRequest__Output) =>
    onCustomer(type, req, () => ({ contactId: requiredId('contactId', req.contactId) }));
}

function tagging(type: 'TagCustomer' | 'UntagCustomer') {
  return (req: P.TagCustomerRequest__Output) =>
    onCustomer(type, req, (v) => ({ tags: tagInputs(v, req.tags) }));
}

function consent<R extends P.GrantConsentRequest__Output | P.WithdrawConsentRequest__Output>(
  type: 'GrantConsent' | 'WithdrawConsent',
  at: (req: R) => string,
) {
  const atField = type === 'GrantConsent' ? 'grantedAt' : 'withdrawnAt';
  return (req: R, ctx: ParseContext, now = ctx.now()) =>
    onCustomer(type, req, (v) => ({
      channel: requiredEnum(v, 'channel', req.channel, enums.consentChannel),
      source: cleanText(v, 'source', req.source, { max: LIMITS.shortText, required: true })!,
      ...defined({ at: validatePastInstant(v, atField, at(req), now) }),
      now,
    }));
}

/**
 * The command RPCs that only parse and execute, each with its parser of the generated request: the
 * controller binds one @GrpcMethod handler per entry, so one entry here is all such a command costs.
 */
export const COMMAND_PARSERS = {
  UpdateProfile: (req: P.UpdateProfileRequest__Output) =>
    onCustomer('UpdateProfile', req, (v) => {
      const person = (req.patch === 'person' && req.person) || undefined;
      const company = (req.patch === 'company' && req.company) || undefined;
      // A given field is cleaned; an empty name is refused, another empty field clears (null).
      const name = (field: string, raw?: string) =>
        raw === undefined
          ? undefined
          : cleanText(v, field, raw, { max: LIMITS.name, required: true });
      const clearable = <T>(raw: string | undefined, clean: (raw: string) => T | undefined) =>
        raw === undefined ? undefined : raw.trim() === '' ? null : clean(raw);
      const size = company?.size;
      return present({
        person:
          person &&
          present({
            firstName: name('person.firstName', person.firstName),
            lastName: name('person.lastName', person.lastName),
            nationalId: clearable(person.nationalId, (id) =>
              validateNationalId(v, 'person.nationalId', id),
            ),
          }),
        company:
          company &&
          present({
            legalName: name('company.legalName', company.legalName),
            industry: clearable(company.industry, (text) =>
              cleanText(v, 'company.industry', text, { max: LIMITS.shortText }),
            ),
            // A size sent as COMPANY_SIZE_UNSPECIFIED clears it (null); an absent one stays.
            size:
              size === undefined ? undefined : (enums.companySize(v, 'company.size', size) ?? null),
            registrationNumber: clearable(company.registrationNumber, (id) =>
              cleanId(v, 'company.registrationNumber', id),
            ),
          }),
        bankCard: clearable(req.bankCardNumber, (raw) =>
          validateBankCard(v, 'bankCardNumber', raw),
        ),
      });
    }),
  ChangeLifecycleStatus: (req: P.ChangeLifecycleStatusRequest__Output) =>
    onCustomer('ChangeLifecycleStatus', req, (v) => ({
      status: requiredEnum(v, 'status', req.status, enums.lifecycleStatus),
      ...defined({ reason: cleanText(v, 'reason', req.reason, { max: LIMITS.reason }) }),
    })),
  AssignOwner: (req: P.AssignOwnerRequest__Output) =>
    onCustomer('AssignOwner', req, (v) => ({
      ownerUserId: cleanId(v, 'ownerUserId', req.ownerUserId) ?? null,
      teamId: cleanId(v, 'teamId', req.teamId) ?? null,
    })),
  AddContact: (req: P.AddContactRequest__Output, ctx: ParseContext) =>
    onCustomer(
      'AddContact',
      req,
      (v, customerId) => {
        const contactId = optional(req.contact?.contactId) ?? ctx.newId(`contact:${customerId}`);
        const input = contactInput(v, 'contact', req.contact, contactId);
        const dialling = req.defaultCountryCallingCode;
        return { contact: (input && validateContact(v, 'contact', input, dialling))! };
      },
      (data) => data.contact.contactId,
    ),
  SetPrimaryContact: contactRef('SetPrimaryContact'),
  RemoveContact: contactRef('RemoveContact'),
  RecordChannel: (req: P.RecordChannelRequest__Output) =>
    onCustomer('RecordChannel', req, (v) => {
      const channel = channelInput(v, 'channel', req.channel);
      if (!channel && v.isEmpty) v.add('channel', 'REQUIRED', 'is required');
      return { channel: channel! };
    }),
  SetDemographics: (req: P.SetDemographicsRequest__Output, ctx: ParseContext) =>
    onCustomer('SetDemographics', req, (v) => parseDemographics(v, req, ctx.now())),
  TagCustomer: tagging('TagCustomer'),
  UntagCustomer: tagging('UntagCustomer'),
  RecordInteraction: (
    req: P.RecordInteractionRequest__Output,
    ctx: ParseContext,
    now = ctx.now(),
  ) =>
    onCustomer(
      'RecordInteraction',
      req,
      (v, customerId) => ({
        interactionId:
          cleanId(v, 'interactionId', req.interactionId) ?? ctx.newId(`interaction:${customerId}`),
        kind: requiredEnum(v, 'kind', req.kind, enums.interactionKind),
        ...defined({
          occurredAt: validatePastInstant(v, 'occurredAt', req.occurredAt, now),
          direction: enums.interactionDirection(v, 'direction', req.direction),
          subject: cleanText(v, 'subject', req.subject, { max: LIMITS.shortText }),
          notes: cleanText(v, 'notes', req.notes, { max: LIMITS.notes }),
          outcome: cleanText(v, 'outcome', req.outcome, { max: LIMITS.shortText }),
        }),
        performedBy: cleanId(v, 'performedByUserId', req.performedByUserId) ?? ctx.actorUserId,
        now,
      }),
      (data) => data.interactionId,
    ),
  RecordPurchase: (req: P.RecordPurchaseRequest__Output, ctx: ParseContext) =>
    onCustomer('RecordPurchase', req, (v) => {
      const channel = requiredEnum(v, 'channel', req.channel, enums.acquisitionChannel);
      v.throwIfAny();
      return parsePurchase({ ...req, channel }, ctx.now());
    }),
  GrantConsent: consent<P.GrantConsentRequest__Output>('GrantConsent', (r) => r.grantedAt),
  WithdrawConsent: consent<P.WithdrawConsentRequest__Output>(
    'WithdrawConsent',
    (r) => r.withdrawnAt,
  ),
} satisfies Record<string, Parser<never>>;
