// Users, passwords and login against a real PostgreSQL (a throwaway database per run), through the
// gateway's GraphQL API: migration, seeding, scrypt hashes, login, tenant isolation and user
// management by admins.
import { Pool } from 'pg';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { type INestApplication } from '@nestjs/common';
import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { AuthService } from '../auth/auth.service';
import { LoginThrottle } from '../auth/login-throttle';
import { PasswordHasher } from '../auth/password-hasher';
import { TokenService } from '../auth/token.service';
import { createGatewayApp } from '../app/create-gateway-app';
import { GatewayGraphQLClient } from '../../test/support/graphql-client';
import { inMemoryInfrastructure, testConfig } from '../../test/support/in-memory-infrastructure';
import { migrateGatewaySchema } from './users.migrations';
import { UserRepository } from './user.repository';

const ADMIN = { tenant: 'acme', email: 'admin@acme.example', password: 'admin-password-1' };

let db: ThrowawayDatabase;
let pool: Pool;
let app: INestApplication;
let anonymous: GatewayGraphQLClient;
let users: UserRepository;

beforeAll(async () => {
  db = await createThrowawayPostgresDatabase({ prefix: 'gw' });
  pool = new Pool({ connectionString: db.url, max: 4 });
  const config = testConfig({
    CRM_POSTGRES_URL: db.url,
    CRM_ADMIN_EMAIL: ADMIN.email,
    CRM_ADMIN_PASSWORD: ADMIN.password,
    CRM_ADMIN_TENANT: ADMIN.tenant,
  });
  // Two gateways starting at once must not trip over each other's migration.
  await Promise.all([
    migrateGatewaySchema(pool, config.postgresSchema),
    migrateGatewaySchema(pool, config.postgresSchema),
  ]);
  users = new UserRepository(pool, config.postgresSchema);
  const auth = new AuthService(
    users,
    new PasswordHasher(),
    new TokenService(config.jwtSecret, 3600, config.jwtIssuer),
    new LoginThrottle(),
  );
  expect(await auth.seedAdmin(config.seedAdmin!)).toBe(true);
  expect(await auth.seedAdmin(config.seedAdmin!)).toBe(false);
  app = await createGatewayApp(config, { ...inMemoryInfrastructure(), userStore: users });
  await app.listen(0, '127.0.0.1');
  anonymous = new GatewayGraphQLClient({
    baseUrl: `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await db?.drop();
});

const LOGIN =
  'mutation($input: LoginInput!) { login(input: $input) { token user { id email roles teamId } } }';

test('the seeded admin logs in and the password is stored as a salted scrypt hash', async () => {
  const admin = await anonymous.login(ADMIN.tenant, ADMIN.email, ADMIN.password);
  const me = await admin.data<{ me: { email: string; roles: string[] } }>('{ me { email roles } }');
  expect(me.me).toEqual({ email: ADMIN.email, roles: ['ADMIN'] });
  const { rows } = await pool.query<{ password_hash: string }>(
    'SELECT password_hash FROM gateway.users WHERE email = $1',
    [ADMIN.email],
  );
  expect(rows[0]?.password_hash).toMatch(
    /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
  );
  expect(rows[0]?.password_hash).not.toContain(ADMIN.password);
});

test.each([
  {
    name: 'wrong password',
    input: { tenant: ADMIN.tenant, email: ADMIN.email, password: 'wrong-password-1' },
  },
  {
    name: 'unknown e-mail',
    input: { tenant: ADMIN.tenant, email: 'nobody@acme.example', password: ADMIN.password },
  },
  {
    name: 'unknown tenant',
    input: { tenant: 'globex', email: ADMIN.email, password: ADMIN.password },
  },
])('$name gets the same UNAUTHENTICATED answer', async ({ input }) => {
  const r = await anonymous.request(LOGIN, { input });
  expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
    ['UNAUTHENTICATED', 'Invalid e-mail, password or tenant.'],
  ]);
  expect(r.data).toBeNull();
});

test('an admin creates a sales rep with a team; the rep logs in and cannot manage users', async () => {
  const admin = await anonymous.login(ADMIN.tenant, ADMIN.email, ADMIN.password);
  const created = await admin.data<{ createUser: { id: string; roles: string[]; teamId: string } }>(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id roles teamId } }',
    {
      input: {
        email: 'Rep@Acme.example',
        displayName: 'Rep',
        password: 'rep-password-12',
        roles: ['SALES_REP'],
        teamId: 'north',
      },
    },
  );
  expect(created.createUser).toMatchObject({ roles: ['SALES_REP'], teamId: 'north' });
  const rep = await anonymous.login('acme', 'rep@acme.example', 'rep-password-12');
  const denied = await rep.request(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    {
      input: {
        email: 'x@acme.example',
        displayName: 'X',
        password: 'x-password-123',
        roles: ['ADMIN'],
      },
    },
  );
  expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const duplicate = await admin.request(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    {
      input: {
        email: 'rep@acme.example',
        displayName: 'Again',
        password: 'rep-password-12',
        roles: ['SALES_REP'],
      },
    },
  );
  expect(duplicate.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ field: 'input.email', code: 'DUPLICATE' }],
  });
});

test('the same e-mail in another tenant is another user with its own password', async () => {
  await users.insert({
    tenantId: 'globex',
    userId: '0190b000-0000-7000-8000-000000000001',
    email: ADMIN.email,
    displayName: 'G',
    passwordHash: await new PasswordHasher().hash('globex-password-1'),
    roles: ['auditor' as never],
    teamId: null,
  });
  const globex = await anonymous.login('globex', ADMIN.email, 'globex-password-1');
  expect((await globex.data<{ me: { roles: string[] } }>('{ me { roles } }')).me.roles).toEqual([
    'AUDITOR',
  ]);
  const acmeWithGlobexPassword = await anonymous.request(LOGIN, {
    input: { tenant: 'acme', email: ADMIN.email, password: 'globex-password-1' },
  });
  expect(acmeWithGlobexPassword.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const list = await globex.data<{ users: { email: string }[] }>('{ users { email } }');
  expect(list.users.map((u) => u.email)).toEqual([ADMIN.email]);
});

test('a deactivated user can no longer log in; the last admin cannot deactivate themselves', async () => {
  const admin = await anonymous.login(ADMIN.tenant, ADMIN.email, ADMIN.password);
  const rep = await users.findByEmail('acme', 'rep@acme.example');
  await admin.data('mutation($input: UpdateUserInput!) { updateUser(input: $input) { active } }', {
    input: { userId: rep!.userId, active: false },
  });
  const r = await anonymous.request(LOGIN, {
    input: { tenant: 'acme', email: 'rep@acme.example', password: 'rep-password-12' },
  });
  expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const me = await admin.data<{ me: { id: string } }>('{ me { id } }');
  const self = await admin.request(
    'mutation($input: UpdateUserInput!) { updateUser(input: $input) { active } }',
    { input: { userId: me.me.id, active: false } },
  );
  expect(self.errors?.[0]?.extensions).toMatchObject({
    code: 'FAILED_PRECONDITION',
    reason: 'LAST_ADMIN',
  });
});
