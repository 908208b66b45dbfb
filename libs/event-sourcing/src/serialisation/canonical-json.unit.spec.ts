import fc from 'fast-check';
import { jsonValue } from '../testing/json-arbitrary';
import { canonicalJson } from './canonical-json';

/** The plain definition: keys sorted, every value printed by JSON.stringify. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => reference(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('prints exactly the sorted-key JSON.stringify form of any JSON value', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys by UTF-16 code units, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, '10': 2, '2': 3, a: { d: '"', c: '\u0001' } })).toBe(
      '{"10":2,"2":3,"a":{"c":"\\u0001","d":"\\""},"b":1}',
    );
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
  });
});
