// Stream ids contain dots (`customers.Customer-…`) and topic names too, but a dot in a MongoDB
// field name is a path separator. Keys stored as field names are percent-encoded for `%`, `.`
// and a leading `$`, reversibly.

export function encodeFieldKey(key: string): string {
  return key.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24');
}

export function decodeFieldKey(encoded: string): string {
  return encoded.replace(/%2E/g, '.').replace(/%24/g, '$').replace(/%25/g, '%');
}
