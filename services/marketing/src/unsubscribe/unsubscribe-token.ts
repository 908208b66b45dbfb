// The signed token of a mail's unsubscribe link: tenant, customer and campaign under an HMAC-SHA256
// of a secret only the marketing service holds, so a link cannot be forged for another customer.
// Deterministic (no clock, no randomness): the same recipient always gets the same link.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidUnsubscribeTokenError } from '@crm/marketing-domain';

export interface UnsubscribeClaims {
  readonly tenantId: string;
  readonly customerId: string;
  readonly campaignId: string;
}

const PART = /^[A-Za-z0-9_-]{1,1000}$/;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(`crm.marketing.unsubscribe:${payload}`).digest();
}

export function signUnsubscribeToken(secret: Buffer, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(
    JSON.stringify([claims.tenantId, claims.customerId, claims.campaignId]),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a genuine token; anything forged, altered or malformed is refused. */
export function verifyUnsubscribeToken(secret: Buffer, token: string): UnsubscribeClaims {
  const [payload = '', signature = '', ...rest] = token.split('.');
  if (rest.length > 0 || !PART.test(payload) || !PART.test(signature))
    throw new InvalidUnsubscribeTokenError();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new InvalidUnsubscribeTokenError();
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!Array.isArray(claims) || claims.length !== 3 || !claims.every((c) => typeof c === 'string'))
    throw new InvalidUnsubscribeTokenError();
  const [tenantId, customerId, campaignId] = claims as [string, string, string];
  return { tenantId, customerId, campaignId };
}

/** The tenant a token claims, read without verifying (to route it; the service verifies). */
export function unsubscribeTokenTenant(token: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    );
    return Array.isArray(claims) && typeof claims[0] === 'string' ? claims[0] : undefined;
  } catch {
    return undefined;
  }
}
