import { ConfigError } from '@crm/messaging';
import { generateServiceTokenKeys } from '@crm/access-policy';
import { loadSalesConfig } from './sales.config';

const valid = {
  CRM_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  CRM_SERVICE_TOKEN_PUBLIC_KEY: generateServiceTokenKeys().publicKey,
};

describe('sales configuration', () => {
  it('defaults to loopback and the sales ports', () => {
    expect(loadSalesConfig(valid)).toMatchObject({
      grpcHost: '127.0.0.1',
      grpcPort: 50052,
      healthPort: 9452,
    });
  });

  it('refuses to boot naming every bad or missing variable, secrets without defaults', () => {
    let error: unknown;
    try {
      loadSalesConfig({ CRM_SALES_GRPC_PORT: 'abc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('CRM_SALES_GRPC_PORT');
    expect(message).toContain('CRM_MASTER_KEY');
    expect(message).toContain('CRM_SERVICE_TOKEN_PUBLIC_KEY');
  });
});
