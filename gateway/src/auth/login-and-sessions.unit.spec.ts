// Sessions and login through the running gateway (in-memory infrastructure): a subscription ends
// when its token expires, the login throttle counts per account and per real client address
// (X-Forwarded-For believed only from CRM_TRUSTED_PROXIES), and old password hashes are moved to
// the current scrypt parameters at login.
import { GatewayGraphQLClient } from '../../test/support/graphql-client';
import { TEST_JWT_SECRET } from '../../test/support/in-memory-infrastructure';
import { startTestGateway, TENANT, type TestGateway, USERS } from '../../test/support/test-gateway';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { token user { id } } }';
const WEAK_HASHER = new PasswordHasher({ N: 1024, r: 8, p: 1 });
const PASSWORD = 'correct horse battery staple';
// A login that succeeds re-hashes at N=2^17: about a second on a busy machine.
jest.setTimeout(30_000);
/** Seeded users of the test gateway: their stored hash never verifies, so no scrypt work is spent. */
const ACCOUNTS = Object.keys(USERS).flatMap((name) => [
  { tenant: 'acme', email: `${name.toLowerCase()}@acme.example` },
  { tenant: 'globex', email: `${name.toLowerCase()}@globex.example` },
]);

async function addUserWithPassword(gw: TestGateway, email: string): Promise<void> {
  gw.infra.userStore.rows.push({
    tenantId: TENANT,
    userId: '00000000-0000-7000-8000-0000000000aa',
    email,
    displayName: 'Known Password',
    passwordHash: await WEAK_HASHER.hash(PASSWORD),
    roles: [...USERS.rep.roles],
    teamId: 'north',
    active: true,
    createdAt: new Date('2024-01-01T00:00:00Z'),
  });
}

async function login(
  gw: TestGateway,
  input: { tenant: string; email: string; password: string },
  forwardedFor?: string,
): Promise<string> {
  const response = await gw
    .anonymous()
    .request(LOGIN, { input }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
  if (response.errors?.length) return response.errors[0]?.extensions?.code ?? 'UNKNOWN';
  return 'OK';
}

/**
 * A test gateway for one describe block (throttle counts live in the gateway): fresh for every
 * test when `perTest`, else shared by the block's tests.
 */
function useGateway(
  options: { env?: Record<string, string>; perTest?: boolean; knownUser?: string } = {},
): () => TestGateway {
  let gw: TestGateway | undefined;
  const start = async (): Promise<void> => {
    gw = await startTestGateway(options.env);
    if (options.knownUser) await addUserWithPassword(gw, options.knownUser);
  };
  const stop = async (): Promise<void> => gw?.close();
  if (options.perTest) {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return () => gw!;
}

describe('a subscription authenticated once', () => {
  const gateway = useGateway();

  test('is closed with 4403 when its token expires, telling the client to re-authenticate', async () => {
    const gw = gateway();
    const shortLived = new TokenService(TEST_JWT_SECRET, 2, gw.config.jwtIssuer);
    const client = new GatewayGraphQLClient({
      baseUrl: gw.baseUrl,
      token: shortLived.sign(gw.principal('admin')),
    });
    const subscription = client.subscribe(
      'subscription($id: ID!) { customerChanged(id: $id) { customerId } }',
      { id: '0190a000-0000-7000-8000-00000000c001' },
    );
    const started = Date.now();
    // Compared as a plain object: a close event from another realm breaks toMatchObject's walk.
    const closed = await subscription.next(6_000).then(
      () => undefined,
      (error: { code?: unknown; reason?: unknown; message?: unknown }) => ({
        code: error.code,
        reason: error.reason ?? error.message,
      }),
    );
    expect(closed).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/access token expired/),
    });
    // Open until the token's `exp` (whole seconds: 1 to 2 s after signing), closed soon after.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(4_000);
    await subscription.close().catch(() => undefined);
  });
});

describe('login throttle behind a trusted reverse proxy', () => {
  const gateway = useGateway({
    env: { CRM_TRUSTED_PROXIES: 'loopback' },
    perTest: true,
    knownUser: 'known@acme.example',
  });

  test('ten bad logins for one account pause that account only, not other users', async () => {
    const gw = gateway();
    const victim = { tenant: 'acme', email: 'rep@acme.example', password: 'wrong' };
    for (let i = 0; i < 10; i += 1)
      expect(await login(gw, victim, '203.0.113.5')).toBe('UNAUTHENTICATED');
    expect(await login(gw, victim, '203.0.113.5')).toBe('TOO_MANY_REQUESTS');
    // Another person, behind the same proxy (same socket address), logs in normally.
    expect(
      await login(
        gw,
        { tenant: 'acme', email: 'known@acme.example', password: PASSWORD },
        '198.51.100.20',
      ),
    ).toBe('OK');
  });

  test('one address trying many accounts is paused after the per-address limit', async () => {
    const gw = gateway();
    const limit = gw.config.loginThrottle.maxFailuresPerAddress;
    for (let i = 0; i < limit; i += 1) {
      const account = ACCOUNTS[i % ACCOUNTS.length]!;
      expect(await login(gw, { ...account, password: 'guess' }, '192.0.2.66')).toBe(
        'UNAUTHENTICATED',
      );
    }
    const fresh = { tenant: 'acme', email: 'known@acme.example', password: PASSWORD };
    expect(await login(gw, fresh, '192.0.2.66')).toBe('TOO_MANY_REQUESTS');
    expect(await login(gw, fresh, '192.0.2.67')).toBe('OK');
  });
});

describe('login throttle without a trusted proxy', () => {
  const gateway = useGateway();

  test('a spoofed X-Forwarded-For is ignored: the socket address is counted', async () => {
    const gw = gateway();
    const limit = gw.config.loginThrottle.maxFailuresPerAddress;
    for (let i = 0; i < limit; i += 1) {
      const account = ACCOUNTS[i % ACCOUNTS.length]!;
      expect(await login(gw, { ...account, password: 'guess' }, `10.9.${i}.1`)).toBe(
        'UNAUTHENTICATED',
      );
    }
    expect(
      await login(gw, { tenant: 'acme', email: 'rep@acme.example', password: 'x' }, '10.200.0.1'),
    ).toBe('TOO_MANY_REQUESTS');
  });
});

describe('password hashes', () => {
  const gateway = useGateway({ knownUser: 'old-hash@acme.example' });

  test('a hash with weaker parameters still verifies and is re-hashed at OWASP’s minimum (N=2^17, r=8, p=1)', async () => {
    const gw = gateway();
    const input = { tenant: 'acme', email: 'old-hash@acme.example', password: PASSWORD };
    expect(await login(gw, input)).toBe('OK');
    const row = gw.infra.userStore.rows.find((u) => u.email === input.email)!;
    const [, N, r, p] = row.passwordHash.split('$').map(Number);
    expect(N).toBeGreaterThanOrEqual(2 ** 17);
    expect(r).toBeGreaterThanOrEqual(8);
    expect(p).toBeGreaterThanOrEqual(1);
    expect(await login(gw, input)).toBe('OK');
    expect(await login(gw, { ...input, password: 'not it' })).toBe('UNAUTHENTICATED');
  }, 60_000);
});
