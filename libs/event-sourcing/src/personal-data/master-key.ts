// A master key (key-encryption key) and the key ring a process holds: the current key wraps new
// data keys; previous keys stay readable during a rotation. A key's id is derived from its bytes,
// so an operator cannot label the wrong key with the right id, and the stored id tells which key
// a data key needs without ever storing key material next to it.
import { createHash } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  /** `mk-` + 16 hex chars of SHA-256 over a domain-separated copy of the key. */
  readonly id: string;
  readonly key: Buffer;
}

export interface MasterKeyRing {
  readonly current: MasterKey;
  /** Keys that may still wrap stored data keys until a rotation finishes. */
  readonly previous: readonly MasterKey[];
}

export function masterKeyFromBytes(key: Buffer): MasterKey {
  if (key.length !== MASTER_KEY_BYTES) {
    throw new RangeError(`a master key must be ${MASTER_KEY_BYTES} bytes, got ${key.length}`);
  }
  const digest = createHash('sha256').update('crm-master-key-id:v1\0').update(key).digest('hex');
  return { id: `mk-${digest.slice(0, 16)}`, key: Buffer.from(key) };
}

export function masterKeyRing(
  current: MasterKey,
  previous: readonly MasterKey[] = [],
): MasterKeyRing {
  return { current, previous: previous.filter((k) => k.id !== current.id) };
}

export function findMasterKey(ring: MasterKeyRing, id: string): MasterKey | undefined {
  if (ring.current.id === id) return ring.current;
  return ring.previous.find((k) => k.id === id);
}

export function masterKeyIds(ring: MasterKeyRing): string[] {
  return [ring.current.id, ...ring.previous.map((k) => k.id)];
}
