import { generateServiceTokenKeys } from '@crm/access-policy';
import { GatewayConfigError, loadGatewayConfig } from './gateway-config';

const SERVICE_KEYS = generateServiceTokenKeys();
const VALID = {
  CRM_JWT_SECRET: 'a'.repeat(40),
  CRM_SERVICE_TOKEN_PRIVATE_KEY: SERVICE_KEYS.privateKey,
  CRM_POSTGRES_URL: 'postgres://crm:crm@127.0.0.1:55432/crm',
  CRM_MONGO_URL: 'mongodb://127.0.0.1:57017/crm',
  CRM_KAFKA_BROKERS: '127.0.0.1:59092',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof GatewayConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('gateway configuration', () => {
  test('defaults bind to loopback on port 4000', () => {
    const config = loadGatewayConfig(VALID, 'host-1');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      kafkaGroupId: 'crm-gateway.host-1.4000',
      customersGrpcUrl: '127.0.0.1:50051',
      loyaltyGrpcUrl: '127.0.0.1:50054',
      salesGrpcUrl: '127.0.0.1:50052',
      serviceDeskGrpcUrl: '127.0.0.1:50053',
      seedAdmin: null,
    });
  });

  test('read-your-writes waits 5 s at most by default; the bound is validated', () => {
    expect(loadGatewayConfig(VALID)).toMatchObject({ readWaitMs: 5_000, readWaitPollMs: 25 });
    expect(loadGatewayConfig({ ...VALID, CRM_GATEWAY_READ_WAIT_MS: '0' }).readWaitMs).toBe(0);
    expect(problems({ ...VALID, CRM_GATEWAY_READ_WAIT_MS: '5s' })).toEqual([
      expect.stringMatching(/^CRM_GATEWAY_READ_WAIT_MS must be an integer between 0 and 60000/),
    ]);
    expect(problems({ ...VALID, CRM_GATEWAY_READ_WAIT_POLL_MS: '1' })).toEqual([
      expect.stringMatching(/^CRM_GATEWAY_READ_WAIT_POLL_MS must be an integer between 5 and/),
    ]);
  });

  test('the JWT secret has no default and must be long', () => {
    expect(problems({ ...VALID, CRM_JWT_SECRET: '' })).toEqual([
      expect.stringMatching(/^CRM_JWT_SECRET is required/),
    ]);
    expect(problems({ ...VALID, CRM_JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^CRM_JWT_SECRET must be at least 32 characters/),
    ]);
  });

  test('the service token signing key has no default and must be an Ed25519 private key', () => {
    expect(problems({ ...VALID, CRM_SERVICE_TOKEN_PRIVATE_KEY: '' })).toEqual([
      expect.stringMatching(/^CRM_SERVICE_TOKEN_PRIVATE_KEY is required/),
    ]);
    // The public half (or any other bytes) is refused: only the private key can sign.
    expect(problems({ ...VALID, CRM_SERVICE_TOKEN_PRIVATE_KEY: SERVICE_KEYS.publicKey })).toEqual([
      expect.stringMatching(/^CRM_SERVICE_TOKEN_PRIVATE_KEY is invalid/),
    ]);
    expect(loadGatewayConfig(VALID).serviceTokenPrivateKey.asymmetricKeyType).toBe('ed25519');
  });

  test('every bad variable is named at once', () => {
    const found = problems({
      CRM_JWT_SECRET: 'x'.repeat(32),
      CRM_GATEWAY_PORT: '70000',
      CRM_POSTGRES_URL: 'mysql://x',
      CRM_LOG_LEVEL: 'loud',
    });
    expect(found.map((p) => p.split(' ')[0])).toEqual([
      'CRM_GATEWAY_PORT',
      'CRM_POSTGRES_URL',
      'CRM_MONGO_URL',
      'CRM_KAFKA_BROKERS',
      'CRM_LOG_LEVEL',
      'CRM_SERVICE_TOKEN_PRIVATE_KEY',
    ]);
    expect(() => loadGatewayConfig({})).toThrow(/Invalid gateway configuration:\n {2}- /);
  });

  test('the first admin needs e-mail, password and tenant together', () => {
    expect(problems({ ...VALID, CRM_ADMIN_EMAIL: 'admin@example.com' })).toEqual([
      expect.stringMatching(/^CRM_ADMIN_PASSWORD is required when/),
      expect.stringMatching(/^CRM_ADMIN_TENANT is required when/),
    ]);
    expect(
      problems({
        ...VALID,
        CRM_ADMIN_EMAIL: 'nope',
        CRM_ADMIN_PASSWORD: 'short',
        CRM_ADMIN_TENANT: 'Bad Tenant',
      }).map((p) => p.split(' ')[0]),
    ).toEqual(['CRM_ADMIN_EMAIL', 'CRM_ADMIN_PASSWORD', 'CRM_ADMIN_TENANT']);
    expect(
      loadGatewayConfig({
        ...VALID,
        CRM_ADMIN_EMAIL: 'Admin@Example.com',
        CRM_ADMIN_PASSWORD: 'long-enough-pw',
        CRM_ADMIN_TENANT: 'demo',
      }).seedAdmin,
    ).toEqual({
      email: 'admin@example.com',
      password: 'long-enough-pw',
      tenantId: 'demo',
    });
  });
});
