import fc from 'fast-check';
import { NonSerialisablePayloadError } from '../errors/event-store-errors';
import { canonicalJson } from './canonical-json';
import { assertJsonSerialisable, serialisePayload, utf8Length } from './payload-serialiser';

describe('payload serialisation', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.me = cyclic;
  const sparse = [1, , 3];
  it.each<[string, unknown, string]>([
    ['BigInt', { a: 1n }, 'data.a'],
    ['a cycle', { x: cyclic }, 'data.x.me'],
    ['a function', { f: () => 1 }, 'data.f'],
    ['a symbol', { s: Symbol('s') }, 'data.s'],
    ['undefined at top level', undefined, 'data'],
    ['undefined in an array', [1, undefined], 'data[1]'],
    ['a sparse array', { list: sparse }, 'data.list'],
    ['NaN', { n: Number.NaN }, 'data.n'],
    ['Infinity', [Infinity], 'data[0]'],
    ['a Date', { at: new Date(0) }, 'data.at'],
    ['a Map', { m: new Map() }, 'data.m'],
    ['a NUL character', { s: 'a\u0000' }, 'data.s'],
    ['a lone surrogate', { s: '\ud800x' }, 'data.s'],
  ])('refuses %s naming the path', (_, value, path) => {
    expect(() => assertJsonSerialisable(value, 'e-1')).toThrow(NonSerialisablePayloadError);
    try {
      assertJsonSerialisable(value, 'e-1');
    } catch (error) {
      expect(error).toMatchObject({ code: 'NON_SERIALISABLE_PAYLOAD', eventId: 'e-1', path });
    }
  });

  it('accepts plain data and drops optional properties left undefined', () => {
    expect(
      serialisePayload(
        { a: 1, b: undefined, c: [null, 'x', { d: true }], e: Object.create(null) },
        'e',
      ),
    ).toBe('{"a":1,"c":[null,"x",{"d":true}],"e":{}}');
    expect(serialisePayload('👩🏽‍💻', 'e')).toBe('"👩🏽‍💻"');
  });

  it('allows shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(() => assertJsonSerialisable({ a: shared, b: shared }, 'e')).not.toThrow();
  });

  it('counts size in UTF-8 bytes', () => {
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('a')).toBe(1);
  });
});

describe('canonical JSON', () => {
  it('sorts keys recursively and ignores insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is stable under a JSON round trip and key shuffling (what a database does to jsonb)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const roundTripped = JSON.parse(JSON.stringify(value)) as unknown;
        const reversed = JSON.parse(
          JSON.stringify(value, (_k, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).reverse())
              : v,
          ),
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(canonicalJson(roundTripped));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
