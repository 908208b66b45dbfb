// Claims (a short list of strings) signed with an HMAC-SHA256 of a secret only the marketing service
// holds: `<base64url(JSON claims)>.<base64url(mac)>`. The purpose is part of what is signed, so a
// token made for one use (an unsubscribe link) is never accepted for another (a tracking link).
// Deterministic (no clock, no randomness): the same claims always give the same token.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PART = /^[A-Za-z0-9_-]{1,4000}$/;

function mac(secret: Buffer, purpose: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`crm.marketing.${purpose}:${payload}`).digest();
}

export function signClaims(secret: Buffer, purpose: string, claims: readonly string[]): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, purpose, payload).toString('base64url')}`;
}

/** The claims of a genuine token with `count` claims; undefined for anything forged or malformed. */
export function verifyClaims(
  secret: Buffer,
  purpose: string,
  token: string,
  count: number,
): string[] | undefined {
  const [payload = '', signature = '', ...rest] = token.split('.');
  if (rest.length > 0 || !PART.test(payload) || !PART.test(signature)) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!Array.isArray(claims) || claims.length !== count) return undefined;
  const strings = claims.filter((c): c is string => typeof c === 'string');
  return strings.length === count ? strings : undefined;
}
