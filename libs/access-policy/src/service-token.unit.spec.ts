import { SignJWT } from 'jose';
import { Role } from './role';
import {
  SERVICE_AUDIENCES,
  ServiceTokenSigner,
  ServiceTokenVerifier,
  generateServiceTokenKeys,
  parseServiceTokenPrivateKey,
  parseServiceTokenPublicKey,
  principalOfCaller,
  type ServiceCaller,
} from './service-token';
import { mintSystemToken, systemCaller } from './system-identity';

const KEYS = generateServiceTokenKeys();
const PRIVATE = parseServiceTokenPrivateKey(KEYS.privateKey);
const PUBLIC = parseServiceTokenPublicKey(KEYS.publicKey);
const NOW = new Date('2026-01-01T12:00:00Z');
const at = (ms: number) => () => new Date(NOW.getTime() + ms);

const REP: ServiceCaller = {
  tenantId: 'acme',
  actor: { kind: 'user', userId: 'rep-1' },
  roles: [Role.SALES_REP],
  teamId: 'team-1',
  teamMemberIds: [],
};

const signer = new ServiceTokenSigner(PRIVATE, at(0));
const verifier = (now = at(0)) =>
  new ServiceTokenVerifier(PUBLIC, SERVICE_AUDIENCES.customers, now);

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { problem?: string }).problem ?? String(error);
  }
  return 'accepted';
}

describe('service call tokens', () => {
  it('carry tenant, actor, roles and team to the service they are for', async () => {
    const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
    await expect(verifier().verify(token)).resolves.toEqual(REP);
    await expect(verifier().verifyBearer(`Bearer ${token}`)).resolves.toEqual(REP);
  });

  it('expire after 60 seconds (plus 5 s of clock tolerance)', async () => {
    const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
    await expect(verifier(at(64_000)).verify(token)).resolves.toEqual(REP);
    expect(await problemOf(verifier(at(66_000)).verify(token))).toBe('EXPIRED');
  });

  it('are refused when missing, malformed, forged, tampered with or unsigned', async () => {
    const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
    expect(await problemOf(verifier().verify(undefined))).toBe('MISSING');
    expect(await problemOf(verifier().verifyBearer(token))).toBe('MALFORMED');
    const forger = new ServiceTokenSigner(
      parseServiceTokenPrivateKey(generateServiceTokenKeys().privateKey),
      at(0),
    );
    expect(await problemOf(verifier().verify(await forger.sign(REP, 'crm.customers')))).toBe(
      'INVALID',
    );
    const [header, , signature] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({ act: 'user', sub: 'rep-1', tid: 'acme', roles: ['admin'], team: null }),
    ).toString('base64url');
    expect(await problemOf(verifier().verify(`${header}.${admin}.${signature}`))).toBe('INVALID');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${admin}.`;
    expect(await problemOf(verifier().verify(none))).toBe('INVALID');
  });

  it('are refused by every other service (audience)', async () => {
    const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
    const sales = new ServiceTokenVerifier(PUBLIC, SERVICE_AUDIENCES.sales, at(0));
    expect(await problemOf(sales.verify(token))).toBe('WRONG_AUDIENCE');
  });

  it('are refused when signed validly but living longer than 5 minutes', async () => {
    const iat = Math.floor(NOW.getTime() / 1000) - 600;
    const longLived = await new SignJWT({ act: 'user', tid: 'acme', roles: ['admin'], team: null })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('crm')
      .setSubject('rep-1')
      .setAudience('crm.customers')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 86_400)
      .sign(PRIVATE);
    expect(await problemOf(verifier().verify(longLived))).toBe('EXPIRED');
  });

  it('are refused with unknown roles or a user posing as a system identity', async () => {
    const bad = { ...REP, roles: ['root' as Role] };
    expect(await problemOf(verifier().verify(await signer.sign(bad, 'crm.customers')))).toBe(
      'INVALID',
    );
    const posing = { ...REP, actor: { kind: 'user' as const, userId: 'system:importer' } };
    expect(await problemOf(verifier().verify(await signer.sign(posing, 'crm.customers')))).toBe(
      'INVALID',
    );
  });

  it('need an Ed25519 key of the right half', () => {
    expect(() => new ServiceTokenSigner(PUBLIC)).toThrow(/private key/);
    expect(() => new ServiceTokenVerifier(PRIVATE, 'crm.customers')).toThrow(/public key/);
  });
});

describe('system identities', () => {
  it('act as system:<name> with the roles given', async () => {
    const token = await mintSystemToken(signer, SERVICE_AUDIENCES.customers, {
      name: 'seed-demo',
      tenantId: 'acme',
      roles: [Role.ADMIN],
    });
    const caller = await verifier().verify(token);
    expect(caller.actor).toEqual({ kind: 'system', name: 'seed-demo' });
    expect(principalOfCaller(caller)).toEqual({
      userId: 'system:seed-demo',
      tenantId: 'acme',
      roles: [Role.ADMIN],
      teamId: null,
    });
  });

  it('have names that cannot be confused with user ids', () => {
    expect(() => systemCaller('Seed Demo', 'acme', [Role.ADMIN])).toThrow(/system identity/);
  });

  it('may be named <context>.<name> (a reactor or timer of a context), also through a token', async () => {
    const name = 'customers.purchase-history-reactor';
    const token = await mintSystemToken(signer, SERVICE_AUDIENCES.customers, {
      name,
      tenantId: 'acme',
      roles: [Role.ADMIN],
    });
    expect((await verifier().verify(token)).actor).toEqual({ kind: 'system', name });
    for (const bad of ['customers.', '.reactor', 'a.b.c', 'customers.Reactor'])
      expect(() => systemCaller(bad, 'acme', [Role.ADMIN])).toThrow(/system identity/);
  });

  describe('reuse (one signature per caller per half lifetime, one verification per token)', () => {
    it("reuses a caller's token for half its lifetime, then signs a new one", async () => {
      let now = NOW.getTime();
      const clocked = new ServiceTokenSigner(PRIVATE, () => new Date(now));
      const first = await clocked.sign(REP, SERVICE_AUDIENCES.customers);
      now += 29_000;
      await expect(clocked.sign(REP, SERVICE_AUDIENCES.customers)).resolves.toBe(first);
      now += 1_000;
      const renewed = await clocked.sign(REP, SERVICE_AUDIENCES.customers);
      expect(renewed).not.toBe(first);
      // Whatever was reused still has at least half its lifetime left when it is sent.
      await expect(verifier(() => new Date(now + 30_000)).verify(renewed)).resolves.toEqual(REP);
    });

    it('never hands one caller, audience or team view the token of another', async () => {
      const tokens = new Set(
        await Promise.all([
          signer.sign(REP, SERVICE_AUDIENCES.customers),
          signer.sign(REP, SERVICE_AUDIENCES.sales),
          signer.sign({ ...REP, tenantId: 'other' }, SERVICE_AUDIENCES.customers),
          signer.sign({ ...REP, roles: [Role.SALES_MANAGER] }, SERVICE_AUDIENCES.customers),
          signer.sign({ ...REP, teamMemberIds: ['rep-2'] }, SERVICE_AUDIENCES.customers),
          signer.sign(
            { ...REP, actor: { kind: 'user', userId: 'rep-2' } },
            SERVICE_AUDIENCES.customers,
          ),
        ]),
      );
      expect(tokens.size).toBe(6);
    });

    it('refuses a token it verified before once that token has expired', async () => {
      let now = NOW.getTime();
      const clocked = verifier(() => new Date(now));
      const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
      await expect(clocked.verify(token)).resolves.toEqual(REP);
      now += 64_000;
      await expect(clocked.verify(token)).resolves.toEqual(REP);
      now += 2_000;
      expect(await problemOf(clocked.verify(token))).toBe('EXPIRED');
    });

    it('still refuses a tampered copy of a token it verified before', async () => {
      const clocked = verifier();
      const token = await signer.sign(REP, SERVICE_AUDIENCES.customers);
      await expect(clocked.verify(token)).resolves.toEqual(REP);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object;
      const tampered = Buffer.from(JSON.stringify({ ...claims, tid: 'other' })).toString(
        'base64url',
      );
      expect(await problemOf(clocked.verify(`${header}.${tampered}.${signature}`))).toBe('INVALID');
    });
  });
});
