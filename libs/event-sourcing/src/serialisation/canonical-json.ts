// Canonical JSON for hashing: object keys sorted by UTF-16 code units (as RFC 8785 does), no
// whitespace, numbers and strings as JSON.stringify prints them. Stored JSON (PostgreSQL jsonb
// reorders keys) and freshly built objects therefore hash the same.
//
// Written for speed (every appended and every verified event goes through it): one string built
// by appending, and strings that need no escaping quoted without calling JSON.stringify.

/** Characters JSON.stringify escapes: quote, backslash, controls, and (lone) surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
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
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += canonicalJson((value[i] as unknown) ?? null);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const item = record[key];
        if (item === undefined) continue; // JSON drops undefined properties; so do we
        out += `${first ? '' : ','}${quote(key)}:${canonicalJson(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}
