// What the gateway logs: one JSON line per request and operation with the correlation id, and
// never passwords, tokens or GraphQL variables.
import { Writable } from 'node:stream';
import { PasswordHasher } from '../auth/password-hasher';
import { createLogger } from './logger';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';

const lines: string[] = [];
let gw: TestGateway;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l.trim() !== ''),
      );
      callback();
    },
  });
  gw = await startTestGateway({}, { logger: createLogger('info', sink) });
  const admin = gw.infra.userStore.rows.find((u) => u.email === 'admin@acme.example');
  if (admin)
    Object.assign(admin, {
      passwordHash: await new PasswordHasher({ N: 1024, r: 8, p: 1 }).hash('the-admin-password'),
    });
});
afterAll(() => gw.close());

test('a login and a query leave structured lines with the correlation id and no secrets', async () => {
  const anonymous = gw.anonymous();
  const login = await anonymous.request(
    'mutation($input: LoginInput!) { login(input: $input) { token } }',
    {
      input: { tenant: 'acme', email: 'admin@acme.example', password: 'the-admin-password' },
    },
    { 'x-correlation-id': 'log-test-1' },
  );
  const token = (login.data as { login: { token: string } }).login.token;
  await anonymous
    .withToken(token)
    .request(
      'query($id: ID!) { customer(id: $id) { id } }',
      { id: '0190a000-0000-7000-8000-00000000c0ff' },
      { 'x-correlation-id': 'log-test-2' },
    );
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const all = lines.join('\n');
  expect(all).not.toContain('the-admin-password');
  expect(all).not.toContain(token);
  expect(all).not.toContain('0190a000-0000-7000-8000-00000000c0ff');
  expect(parsed).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        msg: 'graphql operation',
        correlationId: 'log-test-1',
        graphql: { operationName: null, operationType: 'mutation' },
      }),
      expect.objectContaining({
        msg: 'graphql operation',
        correlationId: 'log-test-2',
        errorCodes: ['NOT_FOUND'],
        tenantId: 'acme',
      }),
      expect.objectContaining({
        msg: 'request completed',
        correlationId: 'log-test-2',
        req: { method: 'POST', path: '/graphql' },
      }),
    ]),
  );
});
