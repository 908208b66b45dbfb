import { ConfigError } from '@crm/messaging';
import { loadCustomersConfig } from './customers.config';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadCustomersConfig', () => {
  it('applies defaults for everything but the database and the master key', () => {
    const config = loadCustomersConfig({
      CRM_POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
      CRM_MASTER_KEY: MASTER_KEY,
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
  });
});
