// Per-event-type declaration of personal data: which fields of `data` are personal and whose
// they are. The owner of an event type declares it next to the event (it is part of the event's
// contract, like its schema) and the composition root applies it on append and on read.
// Declarations only ever grow: removing a field would leave old ciphertext unread.
import { parseFieldPaths, type FieldPath } from './field-path';
import { ERASED_MARKER, type PersonalDataCipher } from './personal-data-cipher';
import { InvalidFieldPathError } from './personal-data.errors';

/** The minimal event shape this module needs; part A's EventEnvelope satisfies it structurally. */
export interface PersonalDataEvent {
  readonly type: string;
  readonly tenantId: string;
  readonly data: unknown;
}

export interface PersonalDataDeclaration<E extends PersonalDataEvent = PersonalDataEvent> {
  /** The data subject's id. Must not be an encrypted field itself (it is needed to decrypt). */
  readonly subjectId: (event: E) => string;
  readonly fields: readonly string[];
}

/** One event type can hold personal data of several people (e.g. a referrer and a referee). */
export type PersonalDataPolicyInput<E extends PersonalDataEvent = PersonalDataEvent> = Readonly<
  Record<string, PersonalDataDeclaration<E> | readonly PersonalDataDeclaration<E>[]>
>;

interface CompiledDeclaration<E extends PersonalDataEvent> {
  readonly subjectId: (event: E) => string;
  readonly paths: readonly FieldPath[];
}

export interface PersonalDataPolicy<E extends PersonalDataEvent = PersonalDataEvent> {
  readonly declarations: ReadonlyMap<string, readonly CompiledDeclaration<E>[]>;
}

/** Parses every field path now, so a typo in a declaration fails at start. */
export function definePersonalDataPolicy<E extends PersonalDataEvent = PersonalDataEvent>(
  input: PersonalDataPolicyInput<E>,
): PersonalDataPolicy<E> {
  const declarations = new Map<string, CompiledDeclaration<E>[]>();
  for (const [type, value] of Object.entries(input)) {
    const list: readonly PersonalDataDeclaration<E>[] = Array.isArray(value)
      ? (value as readonly PersonalDataDeclaration<E>[])
      : [value as PersonalDataDeclaration<E>];
    const compiled = list.map((d) => ({
      subjectId: d.subjectId,
      paths: parseFieldPaths(d.fields),
    }));
    // A field owned by two subjects would be encrypted twice and decrypted by the wrong key.
    const all = compiled.flatMap((d) => d.paths.map((p) => p.text));
    const duplicate = all.find((text, i) => all.indexOf(text) !== i);
    if (duplicate)
      throw new InvalidFieldPathError(`${duplicate} (declared for two subjects of ${type})`);
    declarations.set(type, compiled);
  }
  return { declarations };
}

/** Reads a string field of `data` as the subject id, e.g. `subjectIdFromData('customerId')`. */
export function subjectIdFromData<E extends PersonalDataEvent>(
  field: string,
): (event: E) => string {
  return (event) => {
    const value = (event.data as Record<string, unknown> | null | undefined)?.[field];
    if (typeof value !== 'string' || value.length === 0 || value === ERASED_MARKER) {
      throw new TypeError(`${event.type}: subject id field '${field}' must be a non-empty string`);
    }
    return value;
  };
}

/**
 * The common case: every declared event type names its data subject in the same field of `data`
 * (sales: `leadId`; service desk: `dataSubjectId`).
 */
export function policyForFields(
  fields: Readonly<Record<string, readonly string[]>>,
  subjectIdField: string,
): PersonalDataPolicy {
  const subjectId = subjectIdFromData(subjectIdField);
  return definePersonalDataPolicy(
    Object.fromEntries(Object.entries(fields).map(([type, f]) => [type, { subjectId, fields: f }])),
  );
}

/**
 * One policy over several contexts' policies, for readers of the whole log (the auditor). Event
 * types carry their context's prefix, so two contexts never declare the same type; if they did,
 * one declaration would silently win, so that is refused.
 */
export function combinePersonalDataPolicies<E extends PersonalDataEvent>(
  ...policies: readonly PersonalDataPolicy<E>[]
): PersonalDataPolicy<E> {
  const declarations = new Map<string, readonly CompiledDeclaration<E>[]>();
  for (const policy of policies) {
    for (const [type, declared] of policy.declarations) {
      if (declarations.has(type))
        throw new InvalidFieldPathError(`${type} is declared by two personal-data policies`);
      declarations.set(type, declared);
    }
  }
  return { declarations };
}

/**
 * The part of a policy one reader needs: only `fields` of the listed event types are decrypted,
 * everything else stays ciphertext (other types pass untouched). For a reader that uses a few
 * fields of events holding many (the customers identity index reads three identities of a
 * registration that also carries names and a birthday; ADR 0420). Each listed field must be
 * declared by `policy` for its type, so a typo fails at start instead of leaving a value encrypted.
 */
export function narrowPersonalDataPolicy<E extends PersonalDataEvent>(
  policy: PersonalDataPolicy<E>,
  fields: Readonly<Record<string, readonly string[]>>,
): PersonalDataPolicy<E> {
  const declarations = new Map<string, readonly CompiledDeclaration<E>[]>();
  for (const [type, wanted] of Object.entries(fields)) {
    const declared = policy.declarations.get(type) ?? [];
    const known = new Set(declared.flatMap((d) => d.paths.map((path) => path.text)));
    const unknown = wanted.find((field) => !known.has(field));
    if (unknown !== undefined)
      throw new InvalidFieldPathError(`${unknown} (not a declared personal field of ${type})`);
    const kept = declared
      .map((d) => ({ ...d, paths: d.paths.filter((path) => wanted.includes(path.text)) }))
      .filter((d) => d.paths.length > 0);
    if (kept.length > 0) declarations.set(type, kept);
  }
  return { declarations };
}

async function applyPolicy<E extends PersonalDataEvent>(
  policy: PersonalDataPolicy<E>,
  event: E,
  transform: (data: unknown, paths: readonly FieldPath[], subjectId: string) => Promise<unknown>,
): Promise<E> {
  const declarations = policy.declarations.get(event.type);
  if (!declarations) return event;
  let data = event.data;
  for (const declaration of declarations) {
    data = await transform(data, declaration.paths, declaration.subjectId(event));
  }
  return data === event.data ? event : { ...event, data };
}

/** Returns the event with its declared personal fields encrypted (unchanged if none are declared). */
export function encryptEventData<E extends PersonalDataEvent>(
  cipher: PersonalDataCipher,
  policy: PersonalDataPolicy<E>,
  event: E,
): Promise<E> {
  return applyPolicy(policy, event, (data, paths, subjectId) =>
    cipher.encryptFields(data, paths, { tenantId: event.tenantId, subjectId }),
  );
}

/** Returns the event with its declared personal fields decrypted, or ERASED_MARKER after erasure. */
export function decryptEventData<E extends PersonalDataEvent>(
  cipher: PersonalDataCipher,
  policy: PersonalDataPolicy<E>,
  event: E,
): Promise<E> {
  return applyPolicy(policy, event, (data, paths, subjectId) =>
    cipher.decryptFields(data, paths, { tenantId: event.tenantId, subjectId }),
  );
}
