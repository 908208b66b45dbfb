// Canonical JSON for hashing: object keys sorted by UTF-16 code units (as RFC 8785 does), no
// whitespace, numbers and strings as JSON.stringify prints them. Stored JSON (PostgreSQL jsonb
// reorders keys) and freshly built objects therefore hash the same.
//
// Written for speed: every appended and every verified event goes through it (docs/benchmarks.md
// P1, P15). One string built by appending (no intermediate arrays), and strings that need no
// escaping quoted without calling JSON.stringify.

/** Characters JSON.stringify escapes: quote, backslash, controls, and (lone) surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`cannot canonicalise non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += canonicalJson((value[i] as unknown) ?? null);
        }
        return `${out}]`;
      }
      return canonicalObject(value as Record<string, unknown>, Object.keys(value).sort());
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/** `record` as canonical JSON, given its keys already in canonical (sorted) order. */
export function canonicalObject(
  record: Readonly<Record<string, unknown>>,
  sortedKeys: readonly string[],
): string {
  let out = '{';
  for (const key of sortedKeys) {
    const item = record[key];
    if (item === undefined) continue; // JSON drops undefined properties; so do we
    if (out.length > 1) out += ',';
    out += `${quote(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}
