// Pure mapping from validated GraphQL inputs to proto requests (proto/customers.proto field names in
// camelCase, enums as names) and from proto responses to GraphQL results. Also the cross-field
// rules GraphQL cannot express ("exactly one of"), reported as field errors.
import type * as P from '@crm/contracts/customers-grpc';
import { BadUserInputError, type FieldError } from '../../graphql/gateway-errors';
import {
  ConsentDecisionReason,
  DuplicateMatch,
  ImportState,
  fromProtoEnum,
  toProtoEnum,
} from '../models/customer-enums';
import {
  type CommandResult,
  type ConsentDecision,
  type DuplicateCandidate,
  type ImportJob,
} from '../models/command-results.model';
import {
  type AddContactInput,
  type CustomFieldValueInput,
  type DeclareCustomFieldInput,
  type RecordInteractionInput,
  type RecordPurchaseInput,
  type RegisterCustomerInput,
  type SetDemographicsInput,
  type UpdateProfileInput,
} from '../inputs/customer-commands.inputs';
import { type ImportCustomersInput } from '../inputs/import.inputs';
import { type ChannelInput, type ContactInput, type TagInput } from '../inputs/shared.inputs';

const str = (value: string | null | undefined): string => value ?? '';

/** A request as the gateway builds it: the RequestContext is added by the client. */
type Req<R> = Omit<R, 'ctx'>;

function exactlyOne(path: string, present: Record<string, boolean>): FieldError[] {
  const given = Object.entries(present)
    .filter(([, p]) => p)
    .map(([k]) => k);
  if (given.length === 1) return [];
  const names = Object.keys(present).join(', ');
  return [
    {
      field: path,
      code: given.length === 0 ? 'REQUIRED' : 'NOT_ALLOWED',
      message:
        given.length === 0
          ? `exactly one of ${names} is required`
          : `give only one of ${names} (got ${given.join(', ')})`,
    },
  ];
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new BadUserInputError(
      `Invalid input: ${errors.length === 1 ? (errors[0] as FieldError).message : `${errors.length} fields are invalid`}.`,
      errors,
    );
  }
}

export function contactToProto(
  contact: ContactInput,
  path: string,
  errors: FieldError[],
): P.ContactInput {
  errors.push(
    ...exactlyOne(path, {
      email: !!contact.email,
      phone: !!contact.phone,
      address: !!contact.address,
    }),
  );
  const value: Record<string, unknown> = contact.email
    ? { email: contact.email.trim() }
    : contact.phone
      ? { phone: contact.phone.trim() }
      : contact.address
        ? {
            address: {
              line1: contact.address.line1,
              line2: str(contact.address.line2),
              postalCode: contact.address.postalCode,
              city: contact.address.city,
              region: str(contact.address.region),
              countryCode: contact.address.countryCode,
            },
          }
        : {};
  return {
    ...value,
    label: str(contact.label),
    primary: contact.primary ?? false,
    contactId: str(contact.contactId),
  };
}

export function channelToProto(channel: ChannelInput): P.ChannelRef {
  return {
    channel: toProtoEnum<P.AcquisitionChannel>('ACQUISITION_CHANNEL', channel.channel),
    externalId: str(channel.externalId),
    detail: str(channel.detail),
  };
}

export function tagsToProto(tags: readonly TagInput[]): P.Tag[] {
  return tags.map((t) => ({
    kind: toProtoEnum<P.TagKind>('TAG_KIND', t.kind ?? 'LABEL'),
    value: t.value.trim(),
  }));
}

export function registerCustomerRequest(
  input: RegisterCustomerInput,
  owner: { ownerUserId: string | null; teamId: string | null },
): Req<P.RegisterCustomerRequest> {
  const errors: FieldError[] = [
    ...exactlyOne('input', { person: !!input.person, company: !!input.company }),
  ];
  const contacts = (input.contacts ?? []).map((c, i) =>
    contactToProto(c, `input.contacts[${i}]`, errors),
  );
  throwIfAny(errors);
  const details = input.person
    ? {
        person: {
          firstName: input.person.firstName.trim(),
          lastName: input.person.lastName.trim(),
          nationalId: str(input.person.nationalId),
        },
      }
    : {
        company: {
          legalName: input.company?.legalName.trim() ?? '',
          industry: str(input.company?.industry),
          size: toProtoEnum<P.CompanySize>('COMPANY_SIZE', input.company?.size),
          registrationNumber: str(input.company?.registrationNumber),
        },
      };
  return {
    customerId: str(input.customerId),
    ...details,
    contacts,
    ...(input.acquiredVia ? { acquiredVia: channelToProto(input.acquiredVia) } : {}),
    ownerUserId: str(owner.ownerUserId),
    teamId: str(owner.teamId),
    initialStatus: toProtoEnum<P.LifecycleStatus>('LIFECYCLE_STATUS', input.initialStatus),
    defaultCountryCallingCode: str(input.defaultCountryCallingCode),
  };
}

/** Present (even empty) patch fields are sent; absent ones are left out, as the proto's `optional` requires. */
function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== null),
  );
}

export function updateProfileRequest(input: UpdateProfileInput): Req<P.UpdateProfileRequest> {
  if (input.person && input.company)
    throwIfAny(exactlyOne('input', { person: true, company: true }));
  if (
    !input.person &&
    !input.company &&
    (input.bankCardNumber === undefined || input.bankCardNumber === null)
  ) {
    throwIfAny([
      {
        field: 'input',
        code: 'REQUIRED',
        message: 'give person, company or bankCardNumber: there is nothing to change',
      },
    ]);
  }
  const patch = input.person
    ? {
        person: definedOnly({
          firstName: input.person.firstName?.trim(),
          lastName: input.person.lastName?.trim(),
          nationalId: input.person.nationalId,
        }),
      }
    : input.company
      ? {
          company: definedOnly({
            legalName: input.company.legalName?.trim(),
            industry: input.company.industry,
            size: input.company.size
              ? toProtoEnum<P.CompanySize>('COMPANY_SIZE', input.company.size)
              : undefined,
            registrationNumber: input.company.registrationNumber,
          }),
        }
      : {};
  return {
    customerId: input.customerId,
    ...patch,
    ...(input.bankCardNumber !== undefined && input.bankCardNumber !== null
      ? { bankCardNumber: input.bankCardNumber.replace(/[ -]/g, '') }
      : {}),
  };
}

export function addContactRequest(input: AddContactInput): Req<P.AddContactRequest> {
  const errors: FieldError[] = [];
  const contact = contactToProto(input.contact, 'input.contact', errors);
  throwIfAny(errors);
  return {
    customerId: input.customerId,
    contact,
    defaultCountryCallingCode: str(input.defaultCountryCallingCode),
  };
}

export function setDemographicsRequest(input: SetDemographicsInput): Req<P.SetDemographicsRequest> {
  return {
    customerId: input.customerId,
    birthday: str(input.birthday),
    gender: toProtoEnum<P.Gender>('GENDER', input.gender),
    occupation: str(input.occupation),
    incomeBand: toProtoEnum<P.IncomeBand>('INCOME_BAND', input.incomeBand),
    region: str(input.region),
  };
}

export function declareCustomFieldRequest(
  input: DeclareCustomFieldInput,
): Req<P.DeclareCustomFieldRequest> {
  const v = input.validation;
  return {
    name: input.name,
    label: input.label,
    type: toProtoEnum<P.CustomFieldType>('CUSTOM_FIELD_TYPE', input.type),
    validation: {
      required: v?.required ?? false,
      maxLength: v?.maxLength ?? 0,
      pattern: str(v?.pattern),
      ...(v?.min !== undefined && v.min !== null ? { min: v.min } : {}),
      ...(v?.max !== undefined && v.max !== null ? { max: v.max } : {}),
      integer: v?.integer ?? false,
      allowedValues: v?.allowedValues ?? [],
      minDate: str(v?.minDate),
      maxDate: str(v?.maxDate),
    },
  };
}

export function customFieldValuesToProto(
  values: readonly CustomFieldValueInput[],
): P.CustomFieldValue[] {
  const errors: FieldError[] = [];
  const result = values.map((v, i): P.CustomFieldValue => {
    const present = {
      stringValue: v.stringValue !== undefined && v.stringValue !== null,
      numberValue: v.numberValue !== undefined && v.numberValue !== null,
      booleanValue: v.booleanValue !== undefined && v.booleanValue !== null,
      dateValue: v.dateValue !== undefined && v.dateValue !== null,
      clear: v.clear === true,
    };
    errors.push(...exactlyOne(`input.values[${i}]`, present));
    if (present.stringValue) return { name: v.name, stringValue: v.stringValue! };
    if (present.numberValue) return { name: v.name, numberValue: v.numberValue! };
    if (present.booleanValue) return { name: v.name, boolValue: v.booleanValue! };
    if (present.dateValue) return { name: v.name, dateValue: v.dateValue! };
    return { name: v.name, clear: true };
  });
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v.name))
      errors.push({
        field: `input.values[${i}].name`,
        code: 'DUPLICATE',
        message: `custom field ${v.name} is given twice`,
      });
    seen.add(v.name);
  });
  throwIfAny(errors);
  return result;
}

export function recordInteractionRequest(
  input: RecordInteractionInput,
): Req<P.RecordInteractionRequest> {
  return {
    customerId: input.customerId,
    interactionId: str(input.interactionId),
    kind: toProtoEnum<P.InteractionKind>('INTERACTION_KIND', input.kind),
    direction: toProtoEnum<P.InteractionDirection>('INTERACTION_DIRECTION', input.direction),
    occurredAt: str(input.occurredAt),
    subject: str(input.subject),
    notes: str(input.notes),
    outcome: str(input.outcome),
    performedByUserId: str(input.performedByUserId),
  };
}

export function recordPurchaseRequest(input: RecordPurchaseInput): Req<P.RecordPurchaseRequest> {
  return {
    customerId: input.customerId,
    orderId: input.orderId,
    items: input.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      category: str(i.category),
      quantity: i.quantity,
      unitPrice: i.unitPrice,
    })),
    amount: input.amount,
    currency: input.currency,
    channel: toProtoEnum<P.AcquisitionChannel>('ACQUISITION_CHANNEL', input.channel),
    purchasedAt: str(input.purchasedAt),
  };
}

export function startImportRequest(input: ImportCustomersInput): Req<P.StartImportRequest> {
  const o = input.options;
  const columns = new Set<string>();
  const errors: FieldError[] = [];
  input.mapping.forEach((m, i) => {
    if (columns.has(m.column))
      errors.push({
        field: `input.mapping[${i}].column`,
        code: 'DUPLICATE',
        message: `column ${m.column} is mapped twice`,
      });
    columns.add(m.column);
  });
  throwIfAny(errors);
  return {
    importId: str(input.importId),
    mapping: input.mapping.map((m) => ({ column: m.column, target: m.target })),
    options: {
      delimiter: str(o?.delimiter),
      duplicatePolicy: toProtoEnum<P.DuplicatePolicy>('DUPLICATE_POLICY', o?.duplicatePolicy),
      defaultCountryCallingCode: str(o?.defaultCountryCallingCode),
      channel: toProtoEnum<P.AcquisitionChannel>('ACQUISITION_CHANNEL', o?.channel),
      ownerUserId: str(o?.ownerUserId),
      teamId: str(o?.teamId),
    },
    csv: Buffer.from(input.csv, 'utf8'),
    fileName: str(input.fileName),
  };
}

// ---------------------------------------------------------------------------------------------
// responses (the generated proto types of what proto-loader delivers)

export type CommandResultMessage = P.CommandResult__Output;
export type DuplicateCandidateMessage = P.DuplicateCandidate__Output;
export type CheckConsentMessage = P.CheckConsentResponse__Output;
export type ImportStatusMessage = P.ImportStatus__Output;

export function commandResultFromProto(
  message: CommandResultMessage | null | undefined,
  correlationId: string,
): CommandResult {
  return {
    customerId: message?.aggregateId ?? '',
    streamVersion: Number(message?.streamVersion ?? 0),
    replayed: message?.replayed ?? false,
    createdId: message?.createdId ? message.createdId : null,
    eventTypes: message?.eventTypes ?? [],
    correlationId: message?.correlationId || correlationId,
    erasedCustomerIds: message?.erasedCustomerIds ?? [],
    position: message?.globalPosition || '0',
  };
}

export function duplicateCandidateFromProto(
  message: DuplicateCandidateMessage,
): DuplicateCandidate {
  return {
    customerId: message.customerId ?? '',
    matchedOn: (message.matchedOn ?? [])
      .map((m) => fromProtoEnum('DUPLICATE_MATCH', m, DuplicateMatch))
      .filter((m): m is DuplicateMatch => m !== null),
    score: Number(message.score ?? 0),
  };
}

export function consentDecisionFromProto(message: CheckConsentMessage): ConsentDecision {
  return {
    allowed: message.allowed ?? false,
    reason:
      fromProtoEnum('CONSENT_DECISION_REASON', message.reason, ConsentDecisionReason) ??
      ConsentDecisionReason.NEVER_GRANTED,
    since: message.since || null,
    source: message.source || null,
    mergedIntoCustomerId: message.mergedIntoCustomerId || null,
  };
}

export function importJobFromProto(message: ImportStatusMessage): ImportJob {
  return {
    importId: message.importId ?? '',
    state: fromProtoEnum('IMPORT_STATE', message.state, ImportState) ?? ImportState.RUNNING,
    rowsRead: Number(message.rowsRead ?? 0),
    rowsCreated: Number(message.rowsCreated ?? 0),
    rowsLinked: Number(message.rowsLinked ?? 0),
    rowsSkipped: Number(message.rowsSkipped ?? 0),
    rowsRejected: Number(message.rowsRejected ?? 0),
    rejected: (message.rejected ?? []).map((r) => ({
      rowNumber: Number(r.rowNumber ?? 0),
      externalId: r.externalId || null,
      reasons: (r.reasons ?? []).map((v) => ({
        field: v.field ?? '',
        code: v.code ?? '',
        message: v.message ?? '',
      })),
    })),
    nextRejectedPageToken: message.nextRejectedPageToken || null,
    startedAt: message.startedAt || null,
    finishedAt: message.finishedAt || null,
    error: message.error?.code
      ? { code: message.error.code, message: message.error.message ?? '' }
      : null,
    fileName: message.fileName || null,
  };
}
