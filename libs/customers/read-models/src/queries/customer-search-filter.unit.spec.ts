import {
  InvalidSearchInputError,
  customerSearchFilter,
  decodeCursor,
  encodeCursor,
  escapeRegex,
  phonePrefix,
} from './customer-search-filter';

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
