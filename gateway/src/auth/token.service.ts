// Signs and verifies the gateway's access tokens: HS256 with the configured secret, issuer and
// lifetime. The algorithm is pinned on verification, so `alg: none` or RS/HS confusion is refused.
// A client sends the same token with every request until it expires: a verified token string is
// remembered (small LRU) with its principal, and only its expiry is checked again (ADR 0367).
import { createSecretKey } from 'node:crypto';
import { RecentMap } from '@crm/access-policy';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { type Principal } from '../authz/principal';
import { isRole } from '../authz/role';

interface AccessTokenClaims {
  sub: string;
  tid: string;
  email: string;
  roles: string[];
  team: string | null;
  /** Set by the signer from the configured lifetime (seconds since the epoch). */
  exp?: number;
}

export type TokenVerification =
  { ok: true; principal: Principal; expiresAt: Date } | { ok: false; reason: string };

type Verified = Extract<TokenVerification, { ok: true }>;

export class TokenService {
  private readonly jwt: JwtService;
  private readonly verified = new RecentMap<Verified>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly issuer: string,
  ) {
    this.jwt = new JwtService({
      // A KeyObject made once: given the string, jsonwebtoken tries to parse it as a public key
      // and then builds a secret key from it on every verification (P9's profile, docs/benchmarks.md).
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { algorithm: 'HS256', expiresIn: ttlSeconds, issuer },
    });
  }

  get lifetimeSeconds(): number {
    return this.ttlSeconds;
  }

  sign(principal: Principal): string {
    const claims: AccessTokenClaims = {
      sub: principal.userId,
      tid: principal.tenantId,
      email: principal.email,
      roles: [...principal.roles],
      team: principal.teamId,
    };
    return this.jwt.sign(claims);
  }

  verify(token: string): TokenVerification {
    // The same string carries the same signature and claims, checked when it was remembered;
    // past its expiry it goes through the full check again, which says it has expired.
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt.getTime()) return known;
    const result = this.verifySignatureAndClaims(token);
    if (result.ok) this.verified.set(token, result);
    else this.verified.delete(token);
    return result;
  }

  private verifySignatureAndClaims(token: string): TokenVerification {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = this.jwt.verify<Partial<AccessTokenClaims>>(token, {
        algorithms: ['HS256'],
        issuer: this.issuer,
      });
    } catch (error) {
      if (error instanceof TokenExpiredError)
        return { ok: false, reason: 'The access token has expired; log in again.' };
      return { ok: false, reason: 'The access token is invalid.' };
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter(isRole) : [];
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.tid !== 'string' ||
      typeof claims.email !== 'string' ||
      typeof claims.exp !== 'number' ||
      roles.length === 0
    ) {
      return { ok: false, reason: 'The access token is invalid.' };
    }
    return {
      ok: true,
      principal: {
        userId: claims.sub,
        tenantId: claims.tid,
        email: claims.email,
        roles,
        teamId: typeof claims.team === 'string' ? claims.team : null,
      },
      expiresAt: new Date(claims.exp * 1000),
    };
  }

  /** The principal from an `Authorization` header value (`Bearer <jwt>`); null principal when absent. */
  fromAuthorizationHeader(header: string | undefined): {
    principal: Principal | null;
    error: string | null;
    /** When the token stops being valid (present with a principal). */
    expiresAt?: Date;
  } {
    if (header === undefined || header === '') return { principal: null, error: null };
    const match = /^Bearer\s+([A-Za-z0-9._-]{1,4096})$/i.exec(header.trim());
    if (!match?.[1])
      return { principal: null, error: 'The Authorization header must be "Bearer <token>".' };
    const result = this.verify(match[1]);
    return result.ok
      ? { principal: result.principal, error: null, expiresAt: result.expiresAt }
      : { principal: null, error: result.reason };
  }
}
