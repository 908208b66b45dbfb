import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { Role } from '../authz/role';

const fastHasher = new PasswordHasher({ N: 1024, r: 8, p: 1 });
const principal = {
  userId: 'u-1',
  tenantId: 'acme',
  email: 'a@acme.example',
  roles: [Role.SALES_REP],
  teamId: 'north',
};

describe('password hashing', () => {
  test('verifies the right password only, with a fresh salt each time', async () => {
    const a = await fastHasher.hash('correct horse');
    const b = await fastHasher.hash('correct horse');
    expect(a).not.toBe(b);
    expect(await fastHasher.verify('correct horse', a)).toBe(true);
    expect(await fastHasher.verify('correct horsE', a)).toBe(false);
  });

  test('refuses malformed or tampered hashes instead of throwing', async () => {
    expect(await fastHasher.verify('x', 'plain-text')).toBe(false);
    expect(await fastHasher.verify('x', 'scrypt$99999999$8$1$AAAA$BBBB')).toBe(false);
  });
});

describe('access tokens', () => {
  const tokens = new TokenService('s'.repeat(40), 3600, 'crm-gateway');

  test('round-trip the principal', () => {
    expect(tokens.verify(tokens.sign(principal))).toEqual({
      ok: true,
      principal,
      expiresAt: expect.any(Date),
    });
  });

  test('refuse another secret, another issuer, alg none and garbage', () => {
    const token = tokens.sign(principal);
    expect(new TokenService('t'.repeat(40), 3600, 'crm-gateway').verify(token).ok).toBe(false);
    expect(new TokenService('s'.repeat(40), 3600, 'other').verify(token).ok).toBe(false);
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(tokens.verify(none).ok).toBe(false);
    expect(tokens.fromAuthorizationHeader('Basic abc')).toEqual({
      principal: null,
      error: expect.stringMatching(/Bearer/),
    });
    expect(tokens.fromAuthorizationHeader(undefined)).toEqual({ principal: null, error: null });
  });

  // ADR 0367: a verified token string is remembered; these are the ways remembering could go wrong.
  describe('remembered after a first verification', () => {
    afterEach(() => jest.useRealTimers());

    test('still refused once it has expired', () => {
      jest.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z') });
      const shortLived = new TokenService('s'.repeat(40), 60, 'crm-gateway');
      const token = shortLived.sign(principal);
      expect(shortLived.verify(token).ok).toBe(true);
      jest.setSystemTime(new Date('2026-11-30T10:00:59Z'));
      expect(shortLived.verify(token).ok).toBe(true);
      jest.setSystemTime(new Date('2026-11-30T10:01:00Z'));
      expect(shortLived.verify(token)).toEqual({
        ok: false,
        reason: 'The access token has expired; log in again.',
      });
    });

    test('a token differing in one character of its signature or claims is verified, and refused', () => {
      const token = tokens.sign(principal);
      expect(tokens.verify(token).ok).toBe(true);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const flip = (s: string): string => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
      expect(tokens.verify(`${header}.${payload}.${flip(signature)}`).ok).toBe(false);
      const otherClaims = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), tid: 'x' }),
      ).toString('base64url');
      expect(tokens.verify(`${header}.${otherClaims}.${signature}`).ok).toBe(false);
      expect(tokens.verify(token)).toEqual({ ok: true, principal, expiresAt: expect.any(Date) });
    });

    test('is not shared between services with other secrets or issuers', () => {
      const token = tokens.sign(principal);
      expect(tokens.verify(token).ok).toBe(true);
      expect(new TokenService('t'.repeat(40), 3600, 'crm-gateway').verify(token).ok).toBe(false);
    });
  });
});

describe('login throttle', () => {
  const limits = { maxFailuresPerAccount: 10, maxFailuresPerAddress: 30, windowSeconds: 60 };

  test('blocks an account after 10 failures within the window, and frees it afterwards', () => {
    let now = 0;
    const throttle = new LoginThrottle(limits, () => now);
    const a = { account: 'acme:a', clientAddress: '192.0.2.1' };
    for (let i = 0; i < 10; i += 1) throttle.recordFailure(a);
    expect(throttle.retryAfterSeconds(a)).toBe(60);
    expect(throttle.retryAfterSeconds({ ...a, account: 'acme:b' })).toBe(0);
    now = 60_001;
    expect(throttle.retryAfterSeconds(a)).toBe(0);
  });

  test('counts one address over all accounts with its own limit', () => {
    const throttle = new LoginThrottle(limits, () => 0);
    for (let i = 0; i < 30; i += 1)
      throttle.recordFailure({ account: `acme:${i}`, clientAddress: '192.0.2.1' });
    expect(throttle.retryAfterSeconds({ account: 'acme:new', clientAddress: '192.0.2.1' })).toBe(
      60,
    );
    expect(throttle.retryAfterSeconds({ account: 'acme:new', clientAddress: '192.0.2.2' })).toBe(0);
  });
});
