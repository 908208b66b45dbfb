// The customer id of an imported row: a UUID v5 of (tenant, import, row number), so a resumed or
// repeated run of the same import writes onto the same customer (idempotency per row, ADR 0075).
// The same ids as `uuid`'s v5 (the unit spec checks it), computed from a SHA-1 state that already
// holds the namespace and the import's constant prefix: per row only the row number is hashed,
// instead of parsing the namespace and copying the whole name through a byte array each time.
import { createHash, type Hash } from 'node:crypto';

const ROW_NAMESPACE = '0d8f6f7e-3c4b-4a55-8f0e-4a6f3b1e9c21';
const NAMESPACE_BYTES = Buffer.from(ROW_NAMESPACE.replaceAll('-', ''), 'hex');

/** Row number → customer id of that row, for one import of one tenant. */
export function rowCustomerIds(tenantId: string, importId: string): (rowNumber: number) => string {
  const prefix: Hash = createHash('sha1')
    .update(NAMESPACE_BYTES)
    .update(`${tenantId}\0${importId}\0`, 'utf8');
  return (rowNumber) => {
    const bytes = prefix.copy().update(String(rowNumber), 'latin1').digest();
    bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.toString('hex', 0, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
