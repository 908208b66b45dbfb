// Node's crypto accepts a raw Buffer as a key, but then checks on every call whether it is a
// KeyObject or a CryptoKey, and on Node 24 that check throws and catches internally: measured 5×
// slower per AES-GCM field and 8× per HMAC than passing a KeyObject (docs/benchmarks.md, P8).
// Keys are held as Buffers throughout (they are wrapped, cached and compared as bytes); this turns
// each one into a KeyObject once, at first use, and remembers it as long as the Buffer lives.
import { createSecretKey, type KeyObject } from 'node:crypto';

const keyObjects = new WeakMap<Buffer, KeyObject>();

/** The KeyObject of `key`, created once per Buffer. The Buffer must not be modified afterwards. */
export function secretKeyObject(key: Buffer): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(key);
    keyObjects.set(key, object);
  }
  return object;
}
