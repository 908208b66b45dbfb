// The tenant a signed marketing link (unsubscribe, tracking) claims: its first claim, read without
// verifying, so the gateway can address the call; only services/marketing holds the key to verify.
// Token format: `<base64url(JSON list of claims)>.<base64url(mac)>`.
export function signedLinkTenant(token: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    );
    return Array.isArray(claims) && typeof claims[0] === 'string' ? claims[0] : undefined;
  } catch {
    return undefined;
  }
}
