import { generateServiceTokenKeys } from '@crm/access-policy';
import { EnvReader } from '@crm/messaging';
import { readContextServiceConfig } from './context-service-config';

const DEFAULTS = { prefix: 'CRM_DEMO', grpcPort: 50099, healthPort: 9499, pgPoolSize: 8 };

describe('readContextServiceConfig', () => {
  it("reads the service's prefixed variables, with its defaults where none is set", () => {
    const env = {
      CRM_SERVICE_TOKEN_PUBLIC_KEY: generateServiceTokenKeys().publicKey,
      CRM_DEMO_GRPC_PORT: '6000',
    };
    const read = new EnvReader(env);
    const config = readContextServiceConfig(read, env, DEFAULTS);
    expect(read.problems).toEqual([]);
    expect(config).toMatchObject({ grpcPort: 6000, healthPort: 9499, pgPoolSize: 8 });
    expect(config.serviceTokenPublicKey).toBeDefined();
  });

  it('adds a problem naming each bad variable, and none of them has a key default', () => {
    const env = { CRM_DEMO_PG_POOL_SIZE: '1', CRM_LOG_LEVEL: 'loud' };
    const read = new EnvReader(env);
    const config = readContextServiceConfig(read, env, DEFAULTS);
    expect(config.serviceTokenPublicKey).toBeUndefined();
    const problems = read.problems.join('\n');
    expect(problems).toContain('CRM_DEMO_PG_POOL_SIZE');
    expect(problems).toContain('CRM_LOG_LEVEL');
    expect(problems).toContain('CRM_SERVICE_TOKEN_PUBLIC_KEY');
  });
});
