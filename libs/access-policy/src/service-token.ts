// Service call tokens: short-lived JWTs signed with Ed25519 (EdDSA) that travel with every gRPC
// call to a service and tell it who calls: tenant, actor (a user, or a named system process), roles
// and team. The gateway (and trusted system processes) hold the private key; services hold only the
// public key, so a service that is compromised cannot mint tokens for the others (docs/adr/0065).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { type Principal } from './principal';
import { isRole, type Role } from './role';

/** The gRPC metadata key that carries the token, as `Bearer <jwt>`. */
export const SERVICE_TOKEN_METADATA_KEY = 'authorization';
export const SERVICE_TOKEN_ISSUER = 'crm';
/** Default lifetime: one call plus retries; the verifier refuses anything living longer. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 5;
const ALGORITHM = 'EdDSA';
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const ACTOR_ID = /^[^\s]{1,200}$/;
/**
 * Names of system identities: `importer`, `seed-demo`, or `<context>.<name>` for a context's own
 * processes (`customers.purchase-history-reactor`, `customers.timers`).
 */
export const SYSTEM_NAME = /^[a-z][a-z0-9-]{0,62}(?:\.[a-z][a-z0-9-]{0,62})?$/;
const MAX_TEAM_MEMBERS = 1000;

/** The audience of each service: a token for one service is refused by every other. */
export const SERVICE_AUDIENCES = {
  customers: 'crm.customers',
  sales: 'crm.sales',
  serviceDesk: 'crm.service-desk',
  loyalty: 'crm.loyalty',
  marketing: 'crm.marketing',
} as const;
export type ServiceAudience = (typeof SERVICE_AUDIENCES)[keyof typeof SERVICE_AUDIENCES];

export type CallerActor =
  | { readonly kind: 'user'; readonly userId: string }
  /** A named system process (importer, reactor, timer, CLI): `system:<name>` in ids and logs. */
  | { readonly kind: 'system'; readonly name: string };

/** Who calls a service, as verified from the token. */
export interface ServiceCaller {
  readonly tenantId: string;
  readonly actor: CallerActor;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
  /** User ids of the caller's team (incl. themselves) for sales managers' record scope; else empty. */
  readonly teamMemberIds: readonly string[];
}

export type ServiceTokenProblem =
  'MISSING' | 'MALFORMED' | 'INVALID' | 'EXPIRED' | 'WRONG_AUDIENCE';

/** A refused token; `problem` says why (logged), the message is safe to return to the caller. */
export class ServiceTokenError extends Error {
  constructor(
    readonly problem: ServiceTokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceTokenError';
  }
}

interface ServiceTokenClaims {
  /** 'user' or 'system'; `sub` is the user id or the system name. */
  act: CallerActor['kind'];
  tid: string;
  roles: string[];
  team: string | null;
  tm: string[];
}

export function principalOfCaller(caller: ServiceCaller): Principal {
  return {
    userId: caller.actor.kind === 'user' ? caller.actor.userId : `system:${caller.actor.name}`,
    tenantId: caller.tenantId,
    roles: caller.roles,
    teamId: caller.teamId,
  };
}

/** Most tokens each signer or verifier remembers (one per recent caller × audience). */
const TOKEN_CACHE_SIZE = 1000;

/** A Map used as a small LRU: get moves an entry to the end, set evicts the oldest. */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > TOKEN_CACHE_SIZE)
      this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export class ServiceTokenSigner {
  // An Ed25519 signature per gRPC call was the gateway's largest single cost in P9 (docs/
  // benchmarks.md). A token is a bearer token for its whole lifetime anyway, so the same caller's
  // token is reused for the first half of it: every token still has at least half its lifetime
  // left when sent, which covers one call and its retries.
  private readonly recent = new RecentMap<{
    readonly token: Promise<string>;
    readonly iat: number;
  }>();

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlSeconds: number = SERVICE_TOKEN_TTL_SECONDS,
  ) {
    if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private')
      throw new TypeError('a service token signer needs an Ed25519 private key');
  }

  /** A token for `audience` carrying `caller`, with at least half the signer's lifetime left. */
  sign(caller: ServiceCaller, audience: ServiceAudience): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const key = JSON.stringify([
      audience,
      caller.tenantId,
      caller.actor,
      caller.roles,
      caller.teamId,
      caller.teamMemberIds,
    ]);
    const cached = this.recent.get(key);
    if (cached && iat >= cached.iat && iat - cached.iat < this.ttlSeconds / 2) return cached.token;
    const token = this.signNew(caller, audience, iat);
    this.recent.set(key, { token, iat });
    token.catch(() => this.recent.delete(key));
    return token;
  }

  private signNew(caller: ServiceCaller, audience: ServiceAudience, iat: number): Promise<string> {
    const claims: ServiceTokenClaims = {
      act: caller.actor.kind,
      tid: caller.tenantId,
      roles: [...caller.roles],
      team: caller.teamId,
      tm: [...caller.teamMemberIds],
    };
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(SERVICE_TOKEN_ISSUER)
      .setSubject(caller.actor.kind === 'user' ? caller.actor.userId : caller.actor.name)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.privateKey);
  }
}

export class ServiceTokenVerifier {
  private readonly verified = new RecentMap<{
    readonly caller: ServiceCaller;
    readonly validFrom: number;
    readonly validUntil: number;
  }>();

  constructor(
    private readonly publicKey: KeyObject,
    private readonly audience: ServiceAudience,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (publicKey.asymmetricKeyType !== 'ed25519' || publicKey.type !== 'public')
      throw new TypeError('a service token verifier needs an Ed25519 public key');
  }

  /** The caller of a verified token, or a ServiceTokenError saying why it is refused. */
  async verify(token: string | undefined): Promise<ServiceCaller> {
    if (token === undefined || token === '')
      throw new ServiceTokenError('MISSING', 'A service call token is required.');
    // The same token string carries the same, already verified signature and claims (the signer
    // reuses a caller's token for half its lifetime); only the time checks must be made again.
    const nowSeconds = this.now().getTime() / 1000;
    const known = this.verified.get(token);
    if (known && nowSeconds < known.validUntil && nowSeconds >= known.validFrom)
      return known.caller;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        algorithms: [ALGORITHM],
        issuer: SERVICE_TOKEN_ISSUER,
        audience: this.audience,
        requiredClaims: ['iat', 'exp', 'sub', 'aud'],
        maxTokenAge: MAX_TTL_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: this.now(),
      }));
    } catch (error) {
      throw refusal(error);
    }
    const caller = callerOf(payload);
    // What jose accepted: exp and maxTokenAge, each with the clock tolerance (iat and exp are
    // required claims, so they are numbers here).
    const iat = payload['iat'] as number;
    this.verified.set(token, {
      caller,
      validFrom: iat - CLOCK_TOLERANCE_SECONDS,
      validUntil:
        Math.min(payload['exp'] as number, iat + MAX_TTL_SECONDS) + CLOCK_TOLERANCE_SECONDS,
    });
    return caller;
  }

  /** Verifies the token of a `Bearer <jwt>` metadata value. */
  verifyBearer(value: string | undefined): Promise<ServiceCaller> {
    if (value === undefined || value === '') return this.verify(undefined);
    const match = /^Bearer ([A-Za-z0-9._-]{1,8192})$/.exec(value);
    if (!match?.[1])
      return Promise.reject(
        new ServiceTokenError(
          'MALFORMED',
          'The service call token must be sent as "Bearer <jwt>".',
        ),
      );
    return this.verify(match[1]);
  }
}

function refusal(error: unknown): ServiceTokenError {
  if (error instanceof joseErrors.JWTExpired)
    return new ServiceTokenError('EXPIRED', 'The service call token has expired.');
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
    return new ServiceTokenError(
      'WRONG_AUDIENCE',
      'The service call token is for another service.',
    );
  return new ServiceTokenError('INVALID', 'The service call token is invalid.');
}

function callerOf(payload: Record<string, unknown>): ServiceCaller {
  const invalid = (): ServiceTokenError =>
    new ServiceTokenError('INVALID', 'The service call token is invalid.');
  const { sub, act, tid, roles, team, tm } = payload;
  if (typeof sub !== 'string' || typeof tid !== 'string' || !TENANT_ID.test(tid)) throw invalid();
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw invalid();
  if (team !== null && (typeof team !== 'string' || !ACTOR_ID.test(team))) throw invalid();
  const members = tm ?? [];
  if (
    !Array.isArray(members) ||
    members.length > MAX_TEAM_MEMBERS ||
    !members.every((m): m is string => typeof m === 'string' && ACTOR_ID.test(m))
  )
    throw invalid();
  let actor: CallerActor;
  if (act === 'user' && ACTOR_ID.test(sub) && !sub.startsWith('system:'))
    actor = { kind: 'user', userId: sub };
  else if (act === 'system' && SYSTEM_NAME.test(sub)) actor = { kind: 'system', name: sub };
  else throw invalid();
  return { tenantId: tid, actor, roles, teamId: team, teamMemberIds: members };
}

/** An Ed25519 private key from base64 PKCS#8 DER (what `generateServiceTokenKeys` prints). */
export function parseServiceTokenPrivateKey(base64: string): KeyObject {
  const key = createPrivateKey({
    key: Buffer.from(base64, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 private key');
  return key;
}

/** An Ed25519 public key from base64 SPKI DER. */
export function parseServiceTokenPublicKey(base64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 public key');
  return key;
}

/** A fresh key pair as base64 DER strings (tests, `scripts/platform.sh`). */
export function generateServiceTokenKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export const SERVICE_TOKEN_PRIVATE_KEY_ENV = 'CRM_SERVICE_TOKEN_PRIVATE_KEY';
export const SERVICE_TOKEN_PUBLIC_KEY_ENV = 'CRM_SERVICE_TOKEN_PUBLIC_KEY';

/**
 * Reads a key variable for a config schema: returns the key, or pushes a problem naming the
 * variable (no default: the key must be configured).
 */
export function readServiceTokenKey(
  env: Readonly<Record<string, string | undefined>>,
  kind: 'private' | 'public',
  problems: string[],
): KeyObject | undefined {
  const name = kind === 'private' ? SERVICE_TOKEN_PRIVATE_KEY_ENV : SERVICE_TOKEN_PUBLIC_KEY_ENV;
  const raw = env[name]?.trim();
  const expected = `base64 ${kind === 'private' ? 'PKCS#8' : 'SPKI'} DER of an Ed25519 ${kind} key (scripts/platform.sh generates one into .data/secrets.env)`;
  if (!raw) {
    problems.push(`${name} is required (${expected})`);
    return undefined;
  }
  try {
    return kind === 'private' ? parseServiceTokenPrivateKey(raw) : parseServiceTokenPublicKey(raw);
  } catch {
    problems.push(`${name} is invalid: expected ${expected}`);
    return undefined;
  }
}
