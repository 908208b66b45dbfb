// Turns proto requests into domain commands: enum names to literals, empty strings to "not given",
// oneofs to tagged unions. Problems with the request's shape are field-level violations, like the
// domain's own validation, so the caller sees one consistent error format.
import {
  ACQUISITION_CHANNELS,
  COMPANY_SIZES,
  CONSENT_CHANNELS,
  CUSTOM_FIELD_TYPES,
  GENDERS,
  INCOME_BANDS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  SETTABLE_STATUSES,
  TAG_KINDS,
  LIMITS,
  Violations,
  cleanId,
  cleanText,
  defined,
  validateTags,
  type ChannelLink,
  type ContactInput,
  type CustomFieldType,
  type CustomFieldValueInput,
  type Tag,
} from '@crm/customers-domain';
import type {
  ChannelRef__Output,
  ContactInput__Output,
  CustomFieldValue__Output,
  Tag__Output,
} from '@crm/contracts/customers-grpc';
import { fromProtoEnum } from './proto-enums';

/** A required id of the request (customer id, contact id). */
export function requiredId(field: string, value: string | undefined): string {
  const id = (value ?? '').trim();
  const v = new Violations();
  if (!id) v.add(field, 'REQUIRED', 'is required');
  else if (id.length > 200 || /[\s/]/.test(id))
    v.add(field, 'INVALID_FORMAT', 'must be at most 200 characters without spaces or /');
  v.throwIfAny();
  return id;
}

export function optional(value: string | undefined | null): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

const NO_ADDRESS = { line1: '', line2: '', postalCode: '', city: '', region: '', countryCode: '' };

export function contactInput(
  v: Violations,
  field: string,
  message: ContactInput__Output | null | undefined,
  contactId: string,
): ContactInput | undefined {
  if (!message) {
    v.add(field, 'REQUIRED', 'is required');
    return undefined;
  }
  const label = optional(message.label);
  const base = { contactId, ...(label !== undefined ? { label } : {}), primary: message.primary };
  switch (message.value) {
    case 'email':
      return { ...base, kind: 'email', value: message.email ?? '' };
    case 'phone':
      return { ...base, kind: 'phone', value: message.phone ?? '' };
    case 'address': {
      const { line1, line2, postalCode, city, region, countryCode } = message.address ?? NO_ADDRESS;
      const value = { line1, line2, postalCode, city, region, countryCode };
      return { ...base, kind: 'address', value };
    }
    case undefined:
      v.add(field, 'REQUIRED', 'one of email, phone, address is required');
      return undefined;
  }
}

export function channelInput(
  v: Violations,
  field: string,
  message: ChannelRef__Output | null | undefined,
): ChannelLink | undefined {
  if (!message) return undefined;
  const before = v.all.length;
  const channel = fromProtoEnum(
    v,
    `${field}.channel`,
    'ACQUISITION_CHANNEL',
    message.channel,
    ACQUISITION_CHANNELS,
  );
  if (!channel) {
    if (v.isEmpty) v.add(`${field}.channel`, 'REQUIRED', 'is required');
    return undefined;
  }
  const externalId = cleanId(v, `${field}.externalId`, message.externalId);
  const detail = cleanText(v, `${field}.detail`, message.detail, { max: LIMITS.shortText });
  return v.all.length > before ? undefined : { channel, ...defined({ externalId, detail }) };
}

/** Clean, distinct tags (the domain's `validateTags`); an unspecified kind is a label. */
export function tagInputs(v: Violations, tags: readonly Tag__Output[]): Tag[] {
  const inputs = tags.map((tag, i) => ({
    kind: fromProtoEnum(v, `tags[${i}].kind`, 'TAG_KIND', tag.kind, TAG_KINDS) ?? 'label',
    value: tag.value,
  }));
  return validateTags(v, 'tags', inputs);
}

export function customFieldValueInputs(
  v: Violations,
  values: readonly CustomFieldValue__Output[],
): CustomFieldValueInput[] {
  const inputs: CustomFieldValueInput[] = [];
  values.forEach((value, i) => {
    const name = value.name.trim();
    if (!name) {
      v.add(`values[${i}].name`, 'REQUIRED', 'is required');
      return;
    }
    switch (value.value) {
      case 'stringValue':
        inputs.push({ name, kind: 'string', value: value.stringValue ?? '' });
        return;
      case 'numberValue':
        inputs.push({ name, kind: 'number', value: value.numberValue ?? Number.NaN });
        return;
      case 'boolValue':
        inputs.push({ name, kind: 'boolean', value: value.boolValue === true });
        return;
      case 'dateValue':
        inputs.push({ name, kind: 'date', value: value.dateValue ?? '' });
        return;
      case 'clear':
        inputs.push({ name, kind: 'clear' });
        return;
      case undefined:
        v.add(`customFields.${name}`, 'REQUIRED', 'a value (or clear) is required');
    }
  });
  return inputs;
}

/**
 * A required enum field: `parse` reports an unknown value; a missing one is REQUIRED. The result is
 * only used when no violation was recorded (the parser throws them first).
 */
export function requiredEnum<T, V>(
  v: Violations,
  field: string,
  value: V,
  parse: (v: Violations, field: string, value: V) => T | undefined,
): T {
  const parsed = parse(v, field, value);
  if (parsed === undefined && v.isEmpty) v.add(field, 'REQUIRED', 'is required');
  return parsed as T;
}

/** A parser of one proto enum into its domain literals (`prefix` is the enum's name in UPPER_SNAKE). */
const protoEnum =
  <T extends string>(prefix: string, allowed: readonly T[]) =>
  (v: Violations, field: string, value: string | undefined): T | undefined =>
    fromProtoEnum(v, field, prefix, value, allowed);

export const enums = {
  companySize: protoEnum('COMPANY_SIZE', COMPANY_SIZES),
  consentChannel: protoEnum('CONSENT_CHANNEL', CONSENT_CHANNELS),
  gender: protoEnum('GENDER', GENDERS),
  incomeBand: protoEnum('INCOME_BAND', INCOME_BANDS),
  interactionKind: protoEnum('INTERACTION_KIND', INTERACTION_KINDS),
  interactionDirection: protoEnum('INTERACTION_DIRECTION', INTERACTION_DIRECTIONS),
  lifecycleStatus: protoEnum('LIFECYCLE_STATUS', SETTABLE_STATUSES),
  acquisitionChannel: protoEnum('ACQUISITION_CHANNEL', ACQUISITION_CHANNELS),
  customFieldType: protoEnum<CustomFieldType>('CUSTOM_FIELD_TYPE', CUSTOM_FIELD_TYPES),
};
