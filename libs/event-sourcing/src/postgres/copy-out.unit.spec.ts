// COPY takes no bind parameters: what a filtered read binds is inlined as SQL literals, escaped,
// and anything that is not a plain integer, string or string array is refused.
import { inlineParameters } from './copy-out';

describe('inlineParameters', () => {
  it('inlines integers, escaped strings and string arrays in place of $n', () => {
    // node-postgres writes a string with backslashes as ` E'…'` (leading space included).
    expect(
      inlineParameters('a > $1 AND b = $2 AND c = ANY($3::text[]) AND d = $2', [
        10,
        "o'clock \\ ",
        ['x', "y'); DROP TABLE t; --"],
      ]),
    ).toBe(
      "a > 10 AND b =  E'o''clock \\\\ ' AND c = ANY(ARRAY['x','y''); DROP TABLE t; --']::text[]) AND d =  E'o''clock \\\\ '",
    );
    expect(inlineParameters('c = ANY($1::text[])', [[]])).toBe('c = ANY(ARRAY[]::text[])');
  });

  it('refuses values it cannot inline safely, and placeholders without a value', () => {
    expect(() => inlineParameters('a = $1', [1.5])).toThrow(TypeError);
    expect(() => inlineParameters('a = $1', [{ not: 'sql' }])).toThrow(TypeError);
    expect(() => inlineParameters('a = $2', [1])).toThrow(RangeError);
  });
});
