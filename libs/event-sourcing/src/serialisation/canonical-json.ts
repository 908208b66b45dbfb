// Canonical JSON for hashing: object keys sorted by UTF-16 code units (as RFC 8785 does), no
// whitespace, numbers and strings as JSON.stringify prints them. Stored JSON (PostgreSQL jsonb
// reorders keys) and freshly built objects therefore hash the same.
// Written with plain string concatenation (no intermediate arrays): whole-log verification
// canonicalises every stored event, so this is on the auditor's hot path (docs/benchmarks.md P15).

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
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
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}
