// The signed token of a mail's unsubscribe link: tenant, customer and campaign under an HMAC-SHA256
// of a secret only the marketing service holds, so a link cannot be forged for another customer.
// Deterministic (no clock, no randomness): the same recipient always gets the same link.
import { InvalidUnsubscribeTokenError, signedLinkTenant } from '@crm/marketing-domain';
import { signClaims, verifyClaims } from './signed-claims';

export interface UnsubscribeClaims {
  readonly tenantId: string;
  readonly customerId: string;
  readonly campaignId: string;
}

const PURPOSE = 'unsubscribe';

export function signUnsubscribeToken(secret: Buffer, claims: UnsubscribeClaims): string {
  return signClaims(secret, PURPOSE, [claims.tenantId, claims.customerId, claims.campaignId]);
}

/** The claims of a genuine token; anything forged, altered or malformed is refused. */
export function verifyUnsubscribeToken(secret: Buffer, token: string): UnsubscribeClaims {
  const claims = verifyClaims(secret, PURPOSE, token, 3);
  if (!claims) throw new InvalidUnsubscribeTokenError();
  const [tenantId, customerId, campaignId] = claims as [string, string, string];
  return { tenantId, customerId, campaignId };
}

/** The tenant a token claims, read without verifying (to route it; the service verifies). */
export const unsubscribeTokenTenant = signedLinkTenant;
