// Builds MongoDB filters for customer search from typed, validated values only: every string is
// escaped before it becomes a regex, field names are fixed or built from validated identifiers and
// encoded keys, and anything that is not of the declared type is refused. A value such as
// `{ "$ne": null }` can therefore never become a query operator.
import type { CustomerScope } from '@crm/access-policy';
import { encodeFieldKey } from '@crm/read-models';
import type { CustomerStatusValue } from '../customer-read-model.documents';
import { normaliseTagValue } from '../customer-read-model.documents';

/** The caller's record scope, from the shared access policy (the same rules as the write side). */
export type { CustomerScope };

export interface CustomerSearchFilter {
  /** Prefix of a name word, an email or a phone number. */
  readonly text?: string;
  readonly kinds?: readonly ('person' | 'company')[];
  /** Default: prospect, active, inactive (merged and erased records only when asked for). */
  readonly statuses?: readonly CustomerStatusValue[];
  /** Customers carrying all of these tag values (any tag kind). */
  readonly tags?: readonly string[];
  readonly ownerUserId?: string;
  readonly teamId?: string;
  /** Region prefix (demographics region), case-insensitive. */
  readonly region?: string;
  /** Custom field value: exact, or prefix for strings when `prefix` is true. */
  readonly customField?: {
    readonly name: string;
    readonly value: string;
    readonly prefix?: boolean;
  };
}

export class InvalidSearchInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidSearchInputError';
  }
}

export const CUSTOM_FIELD_NAME_PATTERN = /^[a-z][a-zA-Z0-9_]{0,63}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;
const TAG_KINDS = ['label', 'interest', 'buying_motive'] as const;
const STATUSES: readonly CustomerStatusValue[] = [
  'prospect',
  'active',
  'inactive',
  'merged',
  'erased',
];
export const DEFAULT_STATUSES: readonly CustomerStatusValue[] = ['prospect', 'active', 'inactive'];
const MAX_TEXT = 200;

type Filter = Record<string, unknown>;

/** Escapes every regex metacharacter, so user text matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function requireString(field: string, value: unknown, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw new InvalidSearchInputError(field, 'must be a string');
  if (value.length > max)
    throw new InvalidSearchInputError(field, `must be at most ${max} characters`);
  return value;
}

function requireId(field: string, value: unknown): string {
  const id = requireString(field, value);
  if (!ID_PATTERN.test(id)) throw new InvalidSearchInputError(field, 'is not a valid id');
  return id;
}

function requireArray(field: string, value: unknown, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new InvalidSearchInputError(field, 'must be a list');
  if (value.length > max) throw new InvalidSearchInputError(field, `at most ${max} values`);
  return value as readonly unknown[];
}

/** The normalised search text, or undefined when empty. */
export function normaliseSearchText(text: unknown): string | undefined {
  if (text === undefined || text === null) return undefined;
  const value = requireString('text', text).trim().toLowerCase().replace(/\s+/g, ' ');
  return value.length > 0 ? value : undefined;
}

/** Phone-looking text as the E.164 prefix the search tokens store ("030 12" is not E.164: +30 12…). */
export function phonePrefix(text: string): string | undefined {
  const compact = text.replace(/[\s\-./()]/g, '');
  if (!/^(\+|00)?\d{2,15}$/.test(compact)) return undefined;
  return compact.startsWith('+')
    ? compact
    : compact.startsWith('00')
      ? `+${compact.slice(2)}`
      : `+${compact}`;
}

/** The filter on the search token collection (emails, phones) for a text prefix. */
export function contactTokenFilter(tenantId: string, text: string): Filter {
  const alternatives: Filter[] = [{ kind: 'email', value: { $regex: `^${escapeRegex(text)}` } }];
  const phone = phonePrefix(text);
  if (phone) alternatives.push({ kind: 'phone', value: { $regex: `^${escapeRegex(phone)}` } });
  return { tenantId: requireId('tenantId', tenantId), $or: alternatives };
}

/**
 * Search lists newest first: by registration time (`createdAt`, the ISO instant of the
 * registration event, so string order is time order), the id breaking ties, so every position in
 * the list is unique and a cursor taken from it stays valid while customers are added.
 */
export const SEARCH_ORDER = { createdAt: -1, _id: -1 } as const;

/** The sort key of a search result, and what its page cursor carries. */
export interface SearchPosition {
  readonly createdAt: string;
  readonly id: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function encodeSearchCursor(position: SearchPosition): string {
  return encodeCursor(`${position.createdAt}|${position.id}`);
}

/** The position a search cursor names, or undefined for the first page; forged cursors are refused. */
export function decodeSearchCursor(cursor: string | undefined): SearchPosition | undefined {
  const key = decodeCursor(cursor, /^[^|]{1,40}\|[^|]{1,200}$/);
  if (key === undefined) return undefined;
  const [createdAt = '', id = ''] = key.split('|');
  if (!ISO_INSTANT.test(createdAt) || !ID_PATTERN.test(id))
    throw new InvalidSearchInputError('after', 'is not a valid cursor');
  return { createdAt, id };
}

/**
 * The filter on customer_360 documents. `contactMatches` are customer ids whose email or phone
 * matched the text (looked up first in the token collection). `after` continues a search listed
 * in SEARCH_ORDER after that position.
 */
export function customerSearchFilter(
  tenantId: string,
  scope: CustomerScope,
  filter: CustomerSearchFilter,
  contactMatches: readonly string[] = [],
  after?: SearchPosition,
): Filter {
  const and: Filter[] = [{ tenantId: requireId('tenantId', tenantId) }];

  if (scope.kind === 'owned') {
    const owners = requireArray('scope.ownerUserIds', scope.ownerUserIds, 100).map((v, i) =>
      requireId(`scope.ownerUserIds[${i}]`, v),
    );
    const teams = requireArray('scope.teamIds', scope.teamIds, 100).map((v, i) =>
      requireId(`scope.teamIds[${i}]`, v),
    );
    and.push({ $or: [{ ownerUserId: { $in: owners } }, { teamId: { $in: teams } }] });
  } else if (scope.kind !== 'tenant') {
    throw new InvalidSearchInputError('scope', 'must be tenant or owned');
  }

  const statuses =
    filter.statuses === undefined
      ? DEFAULT_STATUSES
      : requireArray('statuses', filter.statuses, STATUSES.length);
  for (const status of statuses)
    if (!STATUSES.includes(status as CustomerStatusValue))
      throw new InvalidSearchInputError('statuses', 'unknown status');
  and.push({ status: { $in: [...statuses] } });

  if (filter.kinds !== undefined) {
    const kinds = requireArray('kinds', filter.kinds, 2);
    for (const kind of kinds)
      if (kind !== 'person' && kind !== 'company')
        throw new InvalidSearchInputError('kinds', 'unknown kind');
    and.push({ kind: { $in: [...kinds] } });
  }

  const text = normaliseSearchText(filter.text);
  if (text !== undefined) {
    // Every word must start a word of a name field; or the whole text matched an email/phone.
    const words = text.split(' ').slice(0, 4);
    const nameMatch: Filter = {
      $and: words.map((word) => {
        const prefix = { $regex: `^${escapeRegex(word)}` };
        return {
          $or: [
            { 'search.firstName': prefix },
            { 'search.lastName': prefix },
            { 'search.legalName': prefix },
          ],
        };
      }),
    };
    and.push({
      $or: [
        nameMatch,
        { _id: { $in: contactMatches.map((id, i) => requireId(`contactMatches[${i}]`, id)) } },
      ],
    });
  }

  if (filter.tags !== undefined) {
    for (const [i, raw] of requireArray('tags', filter.tags, 10).entries()) {
      const value = normaliseTagValue(requireString(`tags[${i}]`, raw, 64));
      if (!value) continue;
      const key = encodeFieldKey(value);
      and.push({ $or: TAG_KINDS.map((kind) => ({ [`tags.${kind}.${key}`]: { $exists: true } })) });
    }
  }

  if (filter.ownerUserId !== undefined)
    and.push({ ownerUserId: requireId('ownerUserId', filter.ownerUserId) });
  if (filter.teamId !== undefined) and.push({ teamId: requireId('teamId', filter.teamId) });

  if (filter.region !== undefined) {
    const region = requireString('region', filter.region).trim().toLowerCase();
    if (region) and.push({ 'search.region': { $regex: `^${escapeRegex(region)}` } });
  }

  if (filter.customField !== undefined) {
    const { name, value, prefix } = filter.customField;
    if (typeof name !== 'string' || !CUSTOM_FIELD_NAME_PATTERN.test(name))
      throw new InvalidSearchInputError('customField.name', 'is not a custom field name');
    const text = requireString('customField.value', value, 1000);
    const path = `customFields.${name}`;
    if (prefix === true) and.push({ [path]: { $regex: `^${escapeRegex(text)}`, $options: 'i' } });
    else {
      // Values are typed (number, boolean, string): "42" also finds 42, "true" finds true.
      const candidates: (string | number | boolean)[] = [text];
      if (/^-?\d+(\.\d+)?$/.test(text)) candidates.push(Number(text));
      if (text === 'true' || text === 'false') candidates.push(text === 'true');
      and.push({ [path]: { $in: candidates } });
    }
  }

  if (after !== undefined) {
    const createdAt = requireString('after', after.createdAt, 40);
    if (!ISO_INSTANT.test(createdAt))
      throw new InvalidSearchInputError('after', 'is not a valid cursor');
    const id = requireId('after', after.id);
    and.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] });
  }
  return { $and: and };
}

/** Opaque page cursor: base64url of the last document's sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, pattern: RegExp): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (typeof cursor !== 'string' || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw new InvalidSearchInputError('after', 'is not a valid cursor');
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!pattern.test(key)) throw new InvalidSearchInputError('after', 'is not a valid cursor');
  return key;
}
