import { generateServiceTokenKeys } from '@crm/access-policy';
import { ConfigError } from '@crm/messaging';
import { loadLoyaltyConfig } from './loyalty.config';

const SERVICE_KEYS = generateServiceTokenKeys();

describe('loadLoyaltyConfig', () => {
  it('listens on loopback at the loyalty ports by default, reactors and timers on', () => {
    expect(
      loadLoyaltyConfig({
        CRM_POSTGRES_URL: 'postgres://u:p@127.0.0.1:5432/db',
        CRM_SERVICE_TOKEN_PUBLIC_KEY: SERVICE_KEYS.publicKey,
      }),
    ).toMatchObject({
      grpcHost: '127.0.0.1',
      grpcPort: 50054,
      healthPort: 9454,
      reactors: true,
      timers: true,
      memberSnapshotEvery: 100,
    });
  });

  it('fails at boot naming every bad variable', () => {
    expect(() =>
      loadLoyaltyConfig({ CRM_LOYALTY_GRPC_PORT: '70000', CRM_LOYALTY_REACTORS: 'maybe' }),
    ).toThrow(ConfigError);
    try {
      loadLoyaltyConfig({ CRM_LOYALTY_GRPC_PORT: '70000', CRM_LOYALTY_REACTORS: 'maybe' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('CRM_LOYALTY_GRPC_PORT');
      expect(message).toContain('CRM_LOYALTY_REACTORS');
      expect(message).toContain('CRM_SERVICE_TOKEN_PUBLIC_KEY is required');
    }
  });
});
