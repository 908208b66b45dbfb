// Column mapping of customer imports: which CSV column feeds which customer field, checked once per
// import, and the conversion of one parsed CSV record into an ImportCustomer command, through the
// same parsers as the RPCs (ADR 0425): the decider gets clean parts, as from any caller. Pure.
import type { ContactInput__Output, Tag__Output } from '@crm/contracts/customers-grpc';
import {
  COMPANY_SIZES,
  GENDERS,
  INCOME_BANDS,
  Violations,
  customFieldInputFromText,
  externalIdentity,
  type AcquisitionChannel,
  type ConsentChannel,
  type CustomFieldDefinition,
  type CustomFieldValueInput,
  type CustomerIdentity,
  type FieldViolation,
  type ImportCustomer,
  type TagKind,
} from '@crm/customers-domain';
import { parseDemographics, parseRegistration } from '../grpc/customer-command.parsers';
import { toProtoEnum } from '../grpc/proto-enums';
import { tagInputs } from '../grpc/request-mapping';

const SINGLE_TARGETS = [
  'kind',
  'firstName',
  'lastName',
  'companyName',
  'industry',
  'companySize',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'addressRegion',
  'countryCode',
  'birthday',
  'gender',
  'occupation',
  'incomeBand',
  'region',
  'nationalId',
  'externalId',
  'ownerUserId',
  'teamId',
  'status',
  'consentEmail',
  'consentSms',
  'consentPhone',
  'consentPush',
] as const;
const REPEATABLE_TARGETS = [
  'email',
  'phone',
  'tags',
  'interests',
  'buyingMotives',
  'ignore',
] as const;

type SingleTarget = (typeof SINGLE_TARGETS)[number];
type RepeatableTarget = (typeof REPEATABLE_TARGETS)[number];

export const IMPORT_TARGETS: readonly string[] = [
  ...SINGLE_TARGETS,
  ...REPEATABLE_TARGETS,
  'custom:<fieldName>',
];

export interface ImportPlan {
  readonly importId: string;
  readonly single: Partial<Record<SingleTarget, string>>;
  readonly repeatable: Readonly<Record<RepeatableTarget, readonly string[]>>;
  /** custom field name → column */
  readonly custom: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, CustomFieldDefinition>>;
  readonly channel: AcquisitionChannel;
  readonly defaultCountryCallingCode?: string;
  readonly ownerUserId?: string;
  readonly teamId?: string;
  readonly duplicatePolicy: 'link_existing' | 'reject';
  readonly delimiter?: string;
}

export interface PlanInput {
  readonly importId: string;
  readonly mapping: readonly { readonly column: string; readonly target: string }[];
  readonly definitions: Readonly<Record<string, CustomFieldDefinition>>;
  readonly channel: AcquisitionChannel;
  readonly defaultCountryCallingCode?: string;
  readonly ownerUserId?: string;
  readonly teamId?: string;
  readonly duplicatePolicy: 'link_existing' | 'reject';
  readonly delimiter?: string;
}

/** Checks the mapping as a whole; every problem is a violation on `mapping[i]`. */
export function buildImportPlan(input: PlanInput): ImportPlan {
  const v = new Violations();
  if (input.mapping.length === 0) v.add('mapping', 'REQUIRED', 'map at least one column');
  if (input.mapping.length > 300) v.add('mapping', 'TOO_MANY', 'at most 300 mapped columns');
  const single: Partial<Record<SingleTarget, string>> = {};
  const repeatable: Record<RepeatableTarget, string[]> = {
    email: [],
    phone: [],
    tags: [],
    interests: [],
    buyingMotives: [],
    ignore: [],
  };
  const custom: Record<string, string> = {};
  const columns = new Set<string>();
  input.mapping.forEach((entry, i) => {
    const column = entry.column.trim();
    const target = entry.target.trim();
    if (!column) v.add(`mapping[${i}].column`, 'REQUIRED', 'is required');
    else if (columns.has(column))
      v.add(`mapping[${i}].column`, 'DUPLICATE', `column ${column} is mapped twice`);
    columns.add(column);
    if (target.startsWith('custom:')) {
      const name = target.slice('custom:'.length);
      if (!Object.hasOwn(input.definitions, name))
        v.add(
          `mapping[${i}].target`,
          'UNKNOWN_CUSTOM_FIELD',
          `custom field ${name} is not declared`,
        );
      else if (custom[name])
        v.add(`mapping[${i}].target`, 'DUPLICATE', `custom field ${name} is mapped twice`);
      else custom[name] = column;
    } else if ((SINGLE_TARGETS as readonly string[]).includes(target)) {
      const t = target as SingleTarget;
      if (single[t]) v.add(`mapping[${i}].target`, 'DUPLICATE', `${target} is mapped twice`);
      else single[t] = column;
    } else if ((REPEATABLE_TARGETS as readonly string[]).includes(target)) {
      repeatable[target as RepeatableTarget].push(column);
    } else {
      v.add(`mapping[${i}].target`, 'UNKNOWN_VALUE', `must be one of ${IMPORT_TARGETS.join(', ')}`);
    }
  });
  if (!single.firstName && !single.lastName && !single.companyName) {
    v.add('mapping', 'REQUIRED', 'map firstName/lastName (people) or companyName (companies)');
  }
  v.throwIfAny();
  return {
    importId: input.importId,
    single,
    repeatable,
    custom,
    definitions: input.definitions,
    channel: input.channel,
    duplicatePolicy: input.duplicatePolicy,
    ...(input.defaultCountryCallingCode
      ? { defaultCountryCallingCode: input.defaultCountryCallingCode }
      : {}),
    ...(input.ownerUserId ? { ownerUserId: input.ownerUserId } : {}),
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.delimiter ? { delimiter: input.delimiter } : {}),
  };
}

export type CsvRecord = Readonly<Record<string, string | undefined>>;

export interface MappedRow {
  readonly command: Omit<ImportCustomer['data'], 'customerId' | 'now'>;
  readonly externalId?: string;
  /** Normalised identities for dedupe (external id first). */
  readonly identities: readonly CustomerIdentity[];
  /**
   * Why the row cannot be imported as read, by column: its unreadable cells (unknown enum values,
   * consent flags), else what the parsers refused (text, e-mail, phone, birthday, tags). The row is
   * rejected before it is matched or decided.
   */
  readonly violations: readonly FieldViolation[];
  /** Domain field path prefix → CSV column, to report domain violations by column. */
  readonly columnOf: (field: string) => string;
}

const BOOLEAN_TRUE = ['true', 'yes', 'y', '1', 'x'];
const BOOLEAN_FALSE = ['false', 'no', 'n', '0'];

/**
 * Maps one record through the service's own parsers (those of RegisterCustomer, SetDemographics and
 * TagCustomer), so a row is cleaned by exactly the rules a gRPC command is; `now` is when the row is
 * read (a birthday must not lie after it).
 */
export function mapRecord(plan: ImportPlan, record: CsvRecord, now: string): MappedRow {
  let columns: Readonly<Record<string, string>> | undefined;
  const columnOf = (field: string): string => {
    // Which column fed a field is only asked when a row is refused (rare): the row is read again
    // then, noting the columns, rather than noting them for every row of the file.
    if (!columns) {
      const noted: Record<string, string> = {};
      readRecord(plan, record, now, noted);
      columns = noted;
    }
    return columnOfField(columns, field);
  };
  const { row, cells, parsed } = readRecord(plan, record, now, undefined);
  // A row with unreadable cells is reported with those alone, as before the parse moved here.
  const violations =
    cells.length > 0 ? cells : parsed.map((v) => ({ ...v, field: columnOf(v.field) }));
  return { ...row, violations, columnOf };
}

/** Domain field path → the CSV column whose prefix (field, sub-field or element) is longest. */
function columnOfField(columnFor: Readonly<Record<string, string>>, field: string): string {
  let best = '';
  for (const prefix of Object.keys(columnFor)) {
    if (
      (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) &&
      prefix.length > best.length
    )
      best = prefix;
  }
  return best ? (columnFor[best] ?? field) : field;
}

const PROTO_NAMES = new Map<string, Map<string, string>>();

/**
 * A literal as the proto carries it (`GENDER_FEMALE`), or the enum's "not given"; remembered, as
 * every row asks for the same few names.
 */
function protoEnum<E extends string>(prefix: string, literal = 'unspecified'): E {
  let names = PROTO_NAMES.get(prefix);
  if (!names) PROTO_NAMES.set(prefix, (names = new Map<string, string>()));
  let name = names.get(literal);
  if (name === undefined) names.set(literal, (name = toProtoEnum<string>(prefix, literal)));
  return name as E;
}

/**
 * Reads one record: the cells' own problems (unknown enum literals, consent flags) by column in
 * `cells`, the parsers' by domain field path in `parsed`. `columnFor`, when given, receives domain
 * field path prefix → CSV column for the fields the row fills.
 */
function readRecord(
  plan: ImportPlan,
  record: CsvRecord,
  now: string,
  columnFor: Record<string, string> | undefined,
): {
  row: Omit<MappedRow, 'violations' | 'columnOf'>;
  cells: readonly FieldViolation[];
  parsed: readonly FieldViolation[];
} {
  const v = new Violations();
  const cell = (target: SingleTarget): string | undefined => {
    const column = plan.single[target];
    const value = column === undefined ? undefined : record[column]?.trim();
    return value ? value : undefined;
  };
  const cells = (target: RepeatableTarget): { column: string; value: string }[] =>
    plan.repeatable[target].flatMap((column) => {
      const value = record[column]?.trim();
      return value ? [{ column, value }] : [];
    });
  const literal = <T extends string>(
    target: SingleTarget,
    allowed: readonly T[],
  ): T | undefined => {
    const value = cell(target)
      ?.toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    v.add(plan.single[target] ?? target, 'UNKNOWN_VALUE', `must be one of ${allowed.join(', ')}`);
    return undefined;
  };
  const note = (field: string, target: SingleTarget): void => {
    const column = plan.single[target];
    if (column && columnFor) columnFor[field] = column;
  };

  const kindCell = literal('kind', ['person', 'company'] as const);
  const kind =
    kindCell ??
    (cell('companyName') && !cell('firstName') && !cell('lastName') ? 'company' : 'person');
  const size = literal('companySize', COMPANY_SIZES);
  note('person.firstName', 'firstName');
  note('person.lastName', 'lastName');
  note('person.nationalId', 'nationalId');
  note('company.legalName', 'companyName');
  note('company.industry', 'industry');
  note('company.size', 'companySize');

  const contacts: ContactInput__Output[] = [];
  const contact = (column: string, value: Partial<ContactInput__Output>): void => {
    if (columnFor) columnFor[`contacts[${contacts.length}]`] = column;
    contacts.push({ label: '', primary: false, contactId: '', ...value });
  };
  for (const { column, value } of cells('email'))
    contact(column, {
      contactId: `import-email-${contacts.length + 1}`,
      value: 'email',
      email: value,
    });
  for (const { column, value } of cells('phone'))
    contact(column, {
      contactId: `import-phone-${contacts.length + 1}`,
      value: 'phone',
      phone: value,
    });
  if (cell('addressLine1') || cell('city') || cell('postalCode')) {
    if (columnFor) {
      columnFor[`contacts[${contacts.length}].address.line1`] =
        plan.single.addressLine1 ?? 'addressLine1';
      columnFor[`contacts[${contacts.length}].address.city`] = plan.single.city ?? 'city';
      columnFor[`contacts[${contacts.length}].address.countryCode`] =
        plan.single.countryCode ?? 'countryCode';
      columnFor[`contacts[${contacts.length}].address.postalCode`] =
        plan.single.postalCode ?? 'postalCode';
    }
    contacts.push({
      contactId: 'import-address-1',
      label: '',
      primary: false,
      value: 'address',
      address: {
        line1: cell('addressLine1') ?? '',
        line2: cell('addressLine2') ?? '',
        postalCode: cell('postalCode') ?? '',
        city: cell('city') ?? '',
        region: cell('addressRegion') ?? '',
        countryCode: cell('countryCode') ?? '',
      },
    });
  }

  note('acquiredVia', 'externalId');
  note('ownerUserId', 'ownerUserId');
  note('teamId', 'teamId');
  const status = literal('status', ['prospect', 'active'] as const);
  note('initialStatus', 'status');

  const gender = literal('gender', GENDERS);
  const incomeBand = literal('incomeBand', INCOME_BANDS);
  for (const target of ['birthday', 'gender', 'occupation', 'incomeBand', 'region'] as const)
    note(target, target);

  const tags: Tag__Output[] = [];
  const splitTags = (target: RepeatableTarget, tagKind: TagKind): void => {
    for (const { column, value } of cells(target)) {
      for (const part of value.split(/[;|]/)) {
        if (part.trim()) {
          if (columnFor) columnFor[`tags[${tags.length}]`] = column;
          tags.push({ kind: protoEnum('TAG_KIND', tagKind), value: part });
        }
      }
    }
  };
  splitTags('tags', 'label');
  splitTags('interests', 'interest');
  splitTags('buyingMotives', 'buying_motive');

  const customFields: CustomFieldValueInput[] = [];
  for (const [name, column] of Object.entries(plan.custom)) {
    const value = record[column]?.trim();
    const definition = plan.definitions[name];
    if (!value || !definition) continue;
    if (columnFor) columnFor[`customFields.${name}`] = column;
    customFields.push(customFieldInputFromText(definition, value));
  }

  const consents: { channel: ConsentChannel; granted: boolean }[] = [];
  for (const [target, channel] of [
    ['consentEmail', 'email'],
    ['consentSms', 'sms'],
    ['consentPhone', 'phone'],
    ['consentPush', 'push'],
  ] as const) {
    const value = cell(target)?.toLowerCase();
    if (value === undefined) continue;
    if (BOOLEAN_TRUE.includes(value)) consents.push({ channel, granted: true });
    else if (BOOLEAN_FALSE.includes(value)) consents.push({ channel, granted: false });
    else v.add(plan.single[target] ?? target, 'INVALID_FORMAT', 'must be true or false');
  }

  // One parse, by the RPCs' parsers: the cells become the proto requests those parsers read.
  const parsed = new Violations();
  const registration = parseRegistration(
    parsed,
    {
      details: kind,
      person: {
        firstName: cell('firstName') ?? '',
        lastName: cell('lastName') ?? '',
        nationalId: cell('nationalId') ?? '',
      },
      company: {
        legalName: cell('companyName') ?? '',
        industry: cell('industry') ?? '',
        size: protoEnum('COMPANY_SIZE', size),
        registrationNumber: '',
      },
      contacts,
      acquiredVia: {
        channel: protoEnum('ACQUISITION_CHANNEL', plan.channel),
        externalId: cell('externalId') ?? '',
        detail: `import:${plan.importId}`,
      },
      ownerUserId: cell('ownerUserId') ?? plan.ownerUserId ?? '',
      teamId: cell('teamId') ?? plan.teamId ?? '',
      initialStatus: protoEnum('LIFECYCLE_STATUS', status),
      defaultCountryCallingCode: plan.defaultCountryCallingCode ?? '',
    },
    (i) => `import-contact-${i + 1}`,
  );
  const demographics = parseDemographics(
    parsed,
    {
      birthday: cell('birthday') ?? '',
      gender: protoEnum('GENDER', gender),
      occupation: cell('occupation') ?? '',
      incomeBand: protoEnum('INCOME_BAND', incomeBand),
      region: cell('region') ?? '',
    },
    now,
  );
  const externalId = cell('externalId');
  const identities: CustomerIdentity[] = [];
  if (externalId)
    identities.push({ kind: 'external_id', value: externalIdentity(plan.channel, externalId) });
  // The parsed contacts and national id are normalised already: the index keys are these values.
  for (const c of registration.contacts)
    if (c.kind !== 'address') identities.push({ kind: c.kind, value: c.value });
  if (registration.nationalId)
    identities.push({ kind: 'national_id', value: registration.nationalId });
  return {
    row: {
      command: {
        registration,
        ...(Object.keys(demographics).length > 0 ? { demographics } : {}),
        tags: tagInputs(parsed, tags),
        customFields,
        definitions: plan.definitions,
        consents,
        consentSource: `import:${plan.importId}`,
      },
      ...(externalId ? { externalId } : {}),
      identities,
    },
    cells: v.all,
    parsed: parsed.all,
  };
}
