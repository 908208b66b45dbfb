// Ed25519 keys for checkpoint signatures (node:crypto). The private key lives with the
// checkpointing process only (a PEM file or variable outside the database); auditors and the
// store's readers get the public key, so whoever can write the database cannot forge a checkpoint.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkpointBodyBytes, type CheckpointBody } from './checkpoint';

export class CheckpointKeyError extends Error {
  override readonly name = 'CheckpointKeyError';
}

/** The key id: the first 16 hex digits of SHA-256 over the public key's DER (SPKI) encoding. */
export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export interface CheckpointSigner {
  readonly keyId: string;
  sign(body: CheckpointBody): string;
}

export interface CheckpointVerifier {
  /** Verifies a signature by whichever trusted public key has the body's key id. */
  verify(body: CheckpointBody, signature: string): boolean;
  readonly keyIds: readonly string[];
}

export function checkpointSignerFromPem(privateKeyPem: string): CheckpointSigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw new CheckpointKeyError('the checkpoint signing key is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new CheckpointKeyError('the checkpoint signing key must be an Ed25519 key');
  const keyId = checkpointKeyId(createPublicKey(privateKey));
  return {
    keyId,
    sign: (body) => {
      if (body.keyId !== keyId)
        throw new CheckpointKeyError(`body names key ${body.keyId}, signer holds ${keyId}`);
      return sign(null, checkpointBodyBytes(body), privateKey).toString('base64');
    },
  };
}

export function checkpointVerifierFromPems(publicKeyPems: readonly string[]): CheckpointVerifier {
  const keys = new Map<string, KeyObject>();
  for (const pem of publicKeyPems) {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new CheckpointKeyError('a checkpoint public key is not a PEM public key');
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new CheckpointKeyError('checkpoint public keys must be Ed25519 keys');
    keys.set(checkpointKeyId(key), key);
  }
  if (keys.size === 0) throw new CheckpointKeyError('no checkpoint public key given');
  return {
    keyIds: [...keys.keys()],
    verify: (body, signature) => {
      const key = keys.get(body.keyId);
      if (!key) return false;
      try {
        return verify(null, checkpointBodyBytes(body), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

/** A fresh key pair as PEM strings (for `audit keygen` and tests). */
export function generateCheckpointKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Reads the PEM files named in a comma-separated configuration value (e.g.
 * CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS); an unreadable file becomes a problem naming the variable, for
 * a config schema that reports every bad variable at once.
 */
export function readPemFiles(
  variable: string,
  value: string | undefined,
  problems: string[],
): string[] {
  const pems: string[] = [];
  for (const file of (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)) {
    try {
      pems.push(readFileSync(file, 'utf8'));
    } catch {
      problems.push(`${variable}: cannot read ${file}`);
    }
  }
  return pems;
}
