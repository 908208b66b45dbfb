import { generateServiceTokenKeys } from '@crm/access-policy';
import { ConfigError } from '@crm/messaging';
import { loadCustomersConfig } from './customers.config';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
const SERVICE_KEYS = generateServiceTokenKeys();

describe('loadCustomersConfig', () => {
  it('applies defaults for everything but the database, the master key and the token key', () => {
    const config = loadCustomersConfig({
      CRM_POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
      CRM_MASTER_KEY: MASTER_KEY,
      CRM_SERVICE_TOKEN_PUBLIC_KEY: SERVICE_KEYS.publicKey,
    });
    expect(config).toMatchObject({
      grpcHost: '127.0.0.1',
      grpcPort: 50051,
      healthPort: 9451,
      logLevel: 'info',
    });
  });

  it('fails at boot naming every bad variable, never printing the secret', () => {
    let error: unknown;
    try {
      loadCustomersConfig({
        CRM_POSTGRES_URL: 'mysql://x',
        CRM_CUSTOMERS_GRPC_PORT: '70000',
        CRM_MASTER_KEY: 'c2VjcmV0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('CRM_POSTGRES_URL');
    expect(message).toContain('CRM_CUSTOMERS_GRPC_PORT');
    expect(message).toContain('CRM_MASTER_KEY');
    expect(message).not.toContain('c2VjcmV0');
    expect(message).toContain('CRM_SERVICE_TOKEN_PUBLIC_KEY is required');
  });

  it('refuses anything but an Ed25519 public key for verifying service call tokens', () => {
    const env = {
      CRM_POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
      CRM_MASTER_KEY: MASTER_KEY,
    };
    // The private half must never be configured on a service: it could mint tokens.
    expect(() =>
      loadCustomersConfig({ ...env, CRM_SERVICE_TOKEN_PUBLIC_KEY: SERVICE_KEYS.privateKey }),
    ).toThrow(/CRM_SERVICE_TOKEN_PUBLIC_KEY is invalid/);
  });
});
