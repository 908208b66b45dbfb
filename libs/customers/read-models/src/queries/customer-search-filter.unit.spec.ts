import {
  InvalidSearchInputError,
  customerSearchFilter,
  decodeCursor,
  decodeSearchCursor,
  encodeCursor,
  encodeSearchCursor,
  escapeRegex,
  phonePrefix,
} from './customer-search-filter';

/** Every object key anywhere in a built filter that MongoDB would read as an operator. */
function operatorKeys(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    ...(key.startsWith('$') ? [key] : []),
    ...operatorKeys(child),
  ]);
}

/** The operators the builder itself writes; anything else came from the input. */
const BUILDER_OPERATORS = new Set(['$and', '$or', '$in', '$regex', '$options', '$exists', '$lt']);

describe('customerSearchFilter', () => {
  it('scopes to the tenant and to open statuses by default', () => {
    expect(customerSearchFilter('t1', { kind: 'tenant' }, {})).toEqual({
      $and: [{ tenantId: 't1' }, { status: { $in: ['prospect', 'active', 'inactive'] } }],
    });
  });

  it('turns text into escaped word prefixes and contact matches', () => {
    const filter = JSON.stringify(
      customerSearchFilter('t1', { kind: 'tenant' }, { text: ' Ada (L ' }, ['c1']),
    );
    expect(filter).toContain('"$regex":"^ada"');
    expect(filter).toContain('"$regex":"^\\\\(l"');
    expect(filter).toContain('{"_id":{"$in":["c1"]}}');
  });

  it("restricts owner-scoped callers to their own and their teams' customers", () => {
    const filter = customerSearchFilter(
      't1',
      { kind: 'owned', ownerUserIds: ['u1'], teamIds: ['north'] },
      {},
    );
    expect(filter['$and']).toContainEqual({
      $or: [{ ownerUserId: { $in: ['u1'] } }, { teamId: { $in: ['north'] } }],
    });
  });

  it('encodes tag values as keys and matches typed custom field values', () => {
    const filter = JSON.stringify(
      customerSearchFilter(
        't1',
        { kind: 'tenant' },
        { tags: ['A.B $x'], customField: { name: 'size', value: '42' } },
      ),
    );
    expect(filter).toContain('"tags.label.a%2Eb $x":{"$exists":true}');
    expect(filter).toContain('"customFields.size":{"$in":["42",42]}');
  });

  it.each([
    ['text as an operator object', { text: { $ne: null } }],
    ['owner as an operator object', { ownerUserId: { $gt: '' } }],
    ['an unknown status', { statuses: ['deleted'] }],
    ['a custom field name that is an operator', { customField: { name: '$where', value: 'x' } }],
    ['a dotted custom field name', { customField: { name: 'a.b', value: 'x' } }],
    ['tags that are not strings', { tags: [{ $gt: '' }] }],
  ])('refuses %s', (_label, filter) => {
    expect(() => customerSearchFilter('t1', { kind: 'tenant' }, filter as never)).toThrow(
      InvalidSearchInputError,
    );
  });

  describe('fed hostile values directly (as a caller that bypasses GraphQL would)', () => {
    const build = (filter: unknown, scope: unknown = { kind: 'tenant' }) =>
      customerSearchFilter('t1', scope as never, filter as never);

    it.each([
      ['a $where object as text', { text: { $where: 'sleep(1000)' } }, 'text'],
      ['a $gt object as owner', { ownerUserId: { $gt: '' } }, 'ownerUserId'],
      ['a $ne object as team', { teamId: { $ne: null } }, 'teamId'],
      ['an operator object as region', { region: { $regex: '.*' } }, 'region'],
      ['an operator object in the tags', { tags: [{ $gt: '' }] }, 'tags[0]'],
      ['tags as an object', { tags: { $in: ['x'] } }, 'tags'],
      ['statuses as an operator object', { statuses: { $nin: [] } }, 'statuses'],
      ['a kind that is an operator', { kinds: ['$where'] }, 'kinds'],
      [
        'a custom field value object',
        { customField: { name: 'tier', value: { $gt: '' } } },
        'customField.value',
      ],
      [
        'a custom field name $where',
        { customField: { name: '$where', value: '1' } },
        'customField.name',
      ],
      [
        'a custom field name __proto__',
        { customField: { name: '__proto__', value: '1' } },
        'customField.name',
      ],
      [
        'a dotted custom field name',
        { customField: { name: 'a.b', value: 'x' } },
        'customField.name',
      ],
      ['a 10,000-character text', { text: 'a'.repeat(10_000) }, 'text'],
      ['a 65-character tag', { tags: ['t'.repeat(65)] }, 'tags[0]'],
      [
        'a 1,001-character custom field value',
        { customField: { name: 'tier', value: 'v'.repeat(1001) } },
        'customField.value',
      ],
      ['an owner id with a NUL byte', { ownerUserId: 'u1\u0000' }, 'ownerUserId'],
    ])('refuses %s with a typed error naming the field', (_label, filter, field) => {
      let error: unknown;
      try {
        build(filter);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidSearchInputError);
      expect((error as InvalidSearchInputError).field).toBe(field);
    });

    it('refuses operator objects in the caller scope and an unknown scope kind', () => {
      expect(() => build({}, { kind: 'owned', ownerUserIds: [{ $gt: '' }], teamIds: [] })).toThrow(
        InvalidSearchInputError,
      );
      expect(() => build({}, { kind: { $ne: 'x' } })).toThrow(InvalidSearchInputError);
    });

    it.each([
      '{"$ne": null}',
      '$where',
      '.*',
      '^(a+)+$',
      'a|b',
      '[a-z]{1,99999}',
      '\\',
      '__proto__',
      'constructor',
    ])('keeps the text %j a literal prefix, never a pattern or an operator', (text) => {
      const filter = build({
        text,
        region: text,
        customField: { name: 'note', value: text, prefix: true },
      });
      expect(operatorKeys(filter).filter((k) => !BUILDER_OPERATORS.has(k))).toEqual([]);
      const patterns = JSON.stringify(filter).match(/"\$regex":"((?:[^"\\]|\\.)*)"/g) ?? [];
      expect(patterns.length).toBeGreaterThan(0);
      for (const raw of patterns) {
        const source = JSON.parse(`{${raw}}`).$regex as string;
        // The pattern matches the text itself (or one of its words, for name prefixes) …
        const normalised = text.toLowerCase().trim().replace(/\s+/g, ' ');
        const literals = [text, normalised, ...normalised.split(' ')];
        const regex = new RegExp(source, 'i');
        expect(literals.some((literal) => regex.test(literal))).toBe(true);
        // … and, anchored, nothing that merely contains it.
        expect(regex.test(`\u0001${text}`)).toBe(false);
      }
    });

    it('ignores a __proto__ key smuggled into the filter, and pollutes no prototype', () => {
      const hostile = JSON.parse('{"__proto__": {"ownerUserId": {"$gt": ""}, "polluted": true}}');
      const filter = build(hostile);
      expect(filter).toEqual(build({}));
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('keeps a tag value that looks like an operator or a path as an encoded literal key', () => {
      const filter = build({ tags: ['$where', 'a.b', '__proto__'] });
      expect(operatorKeys(filter).filter((k) => !BUILDER_OPERATORS.has(k))).toEqual([]);
      const keys = JSON.stringify(filter);
      expect(keys).toContain('"tags.label.%24where":{"$exists":true}');
      expect(keys).toContain('"tags.label.a%2Eb":{"$exists":true}');
    });
  });

  it('continues after a cursor position newest first, id breaking ties, and refuses forged ones', () => {
    const position = { createdAt: '2024-05-01T10:00:00.000Z', id: 'c-2' };
    expect(decodeSearchCursor(encodeSearchCursor(position))).toEqual(position);
    expect(customerSearchFilter('t1', { kind: 'tenant' }, {}, [], position)['$and']).toContainEqual(
      {
        $or: [
          { createdAt: { $lt: position.createdAt } },
          { createdAt: position.createdAt, _id: { $lt: 'c-2' } },
        ],
      },
    );
    for (const forged of ['x|c-1', '2024-05-01T10:00:00.000Z|{"$gt":""}', 'c-1'])
      expect(() => decodeSearchCursor(encodeCursor(forged))).toThrow(InvalidSearchInputError);
    expect(() =>
      customerSearchFilter('t1', { kind: 'tenant' }, {}, [], {
        createdAt: { $gt: '' } as never,
        id: 'c-1',
      }),
    ).toThrow(InvalidSearchInputError);
  });

  it('refuses forged cursors and round-trips real ones', () => {
    expect(decodeCursor(encodeCursor('c-1'), /^[a-z0-9-]+$/)).toBe('c-1');
    expect(() => decodeCursor('{"$gt":""}', /^[a-z0-9-]+$/)).toThrow(InvalidSearchInputError);
    expect(() => decodeCursor(encodeCursor('x"y'), /^[a-z0-9-]+$/)).toThrow(
      InvalidSearchInputError,
    );
  });

  it('escapes every regex metacharacter and normalises phone prefixes', () => {
    expect(new RegExp(`^${escapeRegex('a.*+?^${}()|[]\\/-')}$`).test('a.*+?^${}()|[]\\/-')).toBe(
      true,
    );
    expect(phonePrefix('0049 30 12')).toBe('+493012');
    expect(phonePrefix('ada')).toBeUndefined();
  });
});
