import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { LOCAL_INFRA_DEFAULTS } from './defaults';
import {
  TestInfrastructureUnavailableError,
  testInfrastructure,
  testInfrastructureEndpoints,
} from './test-infrastructure';
import {
  throwawayConsumerGroupId,
  throwawayKafkaTopicName,
  throwawayName,
  withDatabase,
} from './throwaway';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const VARS = [
  'CRM_POSTGRES_URL',
  'CRM_KAFKA_BROKERS',
  'CRM_MONGO_URL',
  'CRM_SMTP_URL',
  'CRM_MAILPIT_URL',
  'CRM_TEST_INFRA',
  'CRM_TEST_INFRA_TIMEOUT_MS',
];

let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
});
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

/** A loopback port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('defaults', () => {
  it('match infra/local/env.sh, the single source of truth', () => {
    // Source env.sh in a clean environment (no CRM_* overrides) and read what it defines.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('CRM_')),
    );
    const out = execFileSync(
      'bash',
      [
        '-c',
        'source infra/local/env.sh && printf "%s\\n" "$CRM_POSTGRES_URL" "$CRM_KAFKA_BROKERS" "$CRM_MONGO_URL" "$CRM_TEST_INFRA" "$CRM_PG_PORT" "$CRM_KAFKA_PORT" "$CRM_MONGO_PORT" "$CRM_BIND_HOST" "$CRM_SMTP_URL" "$CRM_MAILPIT_URL" "$CRM_SMTP_PORT" "$CRM_MAILPIT_HTTP_PORT"',
      ],
      { cwd: REPO_ROOT, env, encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    expect(out).toEqual([
      LOCAL_INFRA_DEFAULTS.postgresUrl,
      LOCAL_INFRA_DEFAULTS.kafkaBrokers,
      LOCAL_INFRA_DEFAULTS.mongoUrl,
      LOCAL_INFRA_DEFAULTS.testInfraMode,
      String(LOCAL_INFRA_DEFAULTS.postgresPort),
      String(LOCAL_INFRA_DEFAULTS.kafkaPort),
      String(LOCAL_INFRA_DEFAULTS.mongoPort),
      LOCAL_INFRA_DEFAULTS.host,
      LOCAL_INFRA_DEFAULTS.smtpUrl,
      LOCAL_INFRA_DEFAULTS.mailpitUrl,
      String(LOCAL_INFRA_DEFAULTS.smtpPort),
      String(LOCAL_INFRA_DEFAULTS.mailpitHttpPort),
    ]);
  });

  it('are used when no CRM_* variable is set, and the variables override them', () => {
    for (const v of VARS) delete process.env[v];
    expect(testInfrastructureEndpoints()).toEqual({
      mode: 'local',
      postgresUrl: LOCAL_INFRA_DEFAULTS.postgresUrl,
      kafkaBrokers: [LOCAL_INFRA_DEFAULTS.kafkaBrokers],
      mongoUrl: LOCAL_INFRA_DEFAULTS.mongoUrl,
      smtpUrl: LOCAL_INFRA_DEFAULTS.smtpUrl,
      mailpitUrl: LOCAL_INFRA_DEFAULTS.mailpitUrl,
    });
    process.env.CRM_KAFKA_BROKERS = 'h1:1, h2:2';
    process.env.CRM_POSTGRES_URL = 'postgres://u:p@h:5/db';
    expect(testInfrastructureEndpoints()).toMatchObject({
      kafkaBrokers: ['h1:1', 'h2:2'],
      postgresUrl: 'postgres://u:p@h:5/db',
    });
  });
});

describe('modes', () => {
  it('containers mode refuses loudly instead of pretending to work', async () => {
    process.env.CRM_TEST_INFRA = 'containers';
    await expect(testInfrastructure()).rejects.toThrow(
      /CRM_TEST_INFRA=containers is not implemented/,
    );
    expect(() => testInfrastructureEndpoints()).toThrow(/not implemented/);
  });

  it('an unknown mode is an error', async () => {
    process.env.CRM_TEST_INFRA = 'cloud';
    await expect(testInfrastructure()).rejects.toThrow(/'cloud' is not a test-infrastructure mode/);
  });
});

describe('missing servers', () => {
  it('names every unreachable server, its variable and the command that starts it', async () => {
    const port = await closedPort();
    process.env.CRM_TEST_INFRA = 'local';
    process.env.CRM_POSTGRES_URL = `postgres://crm:secret@127.0.0.1:${port}/crm`;
    process.env.CRM_KAFKA_BROKERS = `127.0.0.1:${port}`;
    process.env.CRM_MONGO_URL = `mongodb://127.0.0.1:${port}/crm`;
    const started = Date.now();
    const err = await testInfrastructure({ timeoutMs: 1000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TestInfrastructureUnavailableError);
    const e = err as TestInfrastructureUnavailableError;
    expect(e.missing.map((m) => m.server).sort()).toEqual(['kafka', 'mongo', 'postgres']);
    expect(e.message).toContain('TEST INFRASTRUCTURE MISSING: KAFKA, MONGO, POSTGRES');
    expect(e.message).toContain('infra/local/crm-infra up');
    expect(e.message).toContain('CRM_KAFKA_BROKERS');
    expect(e.message).not.toContain('secret'); // passwords are redacted
    expect(Date.now() - started).toBeLessThan(8000); // a short deadline, never a hang
  });

  it('checks only the servers a test file requires', async () => {
    const port = await closedPort();
    process.env.CRM_TEST_INFRA = 'local';
    process.env.CRM_MONGO_URL = `mongodb://127.0.0.1:${port}/crm`;
    process.env.CRM_KAFKA_BROKERS = `127.0.0.1:${port}`;
    const err = (await testInfrastructure({ require: ['kafka'], timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(TestInfrastructureUnavailableError);
    expect(err.message).toContain('infra/local/crm-infra up kafka');
    expect(err.message).not.toContain('MONGO');
  });

  it('checks the mail server only when asked for by name', async () => {
    const port = await closedPort();
    process.env.CRM_TEST_INFRA = 'local';
    process.env.CRM_MAILPIT_URL = `http://127.0.0.1:${port}`;
    const err = (await testInfrastructure({ require: ['mailpit'], timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(TestInfrastructureUnavailableError);
    expect(err.message).toContain('infra/local/crm-infra up mailpit');
    expect(err.message).toContain('CRM_MAILPIT_URL');
  });
});

describe('throwaway names', () => {
  it('are unique, valid identifiers of at most 63 characters, named after the test file', () => {
    const names = new Set(Array.from({ length: 50 }, () => throwawayName('eventstore')));
    expect(names.size).toBe(50);
    for (const n of names) {
      expect(n).toMatch(/^[a-z0-9_]{1,63}$/);
      expect(n).toContain('eventstore_test_infrastructure_unit_');
    }
    expect(throwawayName('x'.repeat(100))).toHaveLength(63);
  });

  it('kafka topic and group names use only legal characters', () => {
    expect(throwawayKafkaTopicName('Relay Events')).toMatch(
      /^test\.test-infrastructure-unit\.relay-events\.[0-9a-f]{10}$/,
    );
    expect(throwawayConsumerGroupId()).toMatch(/^test-group\.[a-z0-9.-]+$/);
  });

  it('withDatabase swaps the database of postgres and mongodb URLs', () => {
    expect(withDatabase('postgres://crm:crm@127.0.0.1:55432/crm', 't_1')).toBe(
      'postgres://crm:crm@127.0.0.1:55432/t_1',
    );
    expect(withDatabase('mongodb://127.0.0.1:57017/crm?retryWrites=false', 't_1')).toBe(
      'mongodb://127.0.0.1:57017/t_1?retryWrites=false',
    );
    expect(withDatabase('mongodb://a:1,b:2', 'x')).toBe('mongodb://a:1,b:2/x');
  });
});
