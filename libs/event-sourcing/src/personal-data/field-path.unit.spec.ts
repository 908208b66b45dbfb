import { mapFieldPath, parseFieldPath, parseFieldPaths } from './field-path';
import { InvalidFieldPathError, PersonalFieldShapeError } from './personal-data.errors';

const upper = (v: unknown): unknown =>
  typeof v === 'string' ? v.toUpperCase() : `<${JSON.stringify(v)}>`;

describe('personal field paths', () => {
  it.each(['nationalId', 'emails[].address', 'phones[]', 'a.b.c', 'contacts[].emails[].address'])(
    'parses %s',
    (text) => {
      expect(parseFieldPath(text).text).toBe(text);
    },
  );

  it.each(['', 'a..b', 'emails[0].address', 'a[]]', '$enc', 'a b', '.a'])('rejects %j', (text) => {
    expect(() => parseFieldPath(text)).toThrow(InvalidFieldPathError);
  });

  it('rejects a field declared twice', () => {
    expect(() => parseFieldPaths(['email', 'email'])).toThrow(InvalidFieldPathError);
  });

  it('maps a value, each array element, and nested arrays without touching the input', () => {
    const data = Object.freeze({
      name: 'x',
      address: Object.freeze({ street: 's', city: 'c' }),
      emails: Object.freeze([
        Object.freeze({ address: 'a@x', primary: true }),
        Object.freeze({ address: 'b@x' }),
      ]),
      phones: Object.freeze(['1', '2']),
    });

    let out: unknown = data;
    for (const p of ['address', 'emails[].address', 'phones[]'])
      out = mapFieldPath(out, parseFieldPath(p), upper);

    expect(out).toEqual({
      name: 'x',
      address: '<{"street":"s","city":"c"}>',
      emails: [{ address: 'A@X', primary: true }, { address: 'B@X' }],
      phones: ['1', '2'].map(upper),
    });
    expect(data.emails[0]?.address).toBe('a@x');
  });

  it('leaves absent values (undefined, null, missing parents) alone', () => {
    const data = { emails: [null, { other: 1 }], birthday: null };
    expect(mapFieldPath(data, parseFieldPath('emails[].address'), upper)).toEqual(data);
    expect(mapFieldPath(data, parseFieldPath('birthday'), upper)).toEqual(data);
    expect(mapFieldPath({}, parseFieldPath('address.street'), upper)).toEqual({});
  });

  it('refuses a payload whose shape does not match, rather than leaving personal data in clear', () => {
    expect(() =>
      mapFieldPath({ emails: 'a@x' }, parseFieldPath('emails[].address'), upper),
    ).toThrow(PersonalFieldShapeError);
    expect(() =>
      mapFieldPath({ address: 'flat string' }, parseFieldPath('address.street'), upper),
    ).toThrow(PersonalFieldShapeError);
  });
});
