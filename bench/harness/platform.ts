// A private instance of the platform for the end-to-end scenarios (P5, P6, the import of P7): the
// customers service, the projections worker, the relay and the gateway, started from TypeScript
// exactly as scripts/platform.sh starts them, but on free ports, with the bench's own PostgreSQL
// database, MongoDB database and topic namespace, so a developer's running platform is untouched.
// Started once per bench invocation (the first scenario that needs it) and stopped at the end.
import { generateServiceTokenKeys } from '@crm/access-policy';
import { ReadModelResolver } from '@crm/read-models';
import type mongoose from 'mongoose';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './connections';
import { benchKafka, deleteBenchTopics } from './kafka';
import type { Connections } from './connections';
import { benchMongoUrl, dropMongoDatabase } from './mongo';
import { recreateDatabase } from './postgres';
import { processCpuMs } from './process-cpu';
import { sleep } from './timer';
import { freePort } from '@crm/testing';

// BENCH_PLATFORM_SUFFIX lets two checkouts run platform scenarios at once on the shared servers.
const SUFFIX = (process.env['BENCH_PLATFORM_SUFFIX'] ?? '').replace(/[^a-z0-9_]/g, '');
export const PLATFORM_DATABASE = `crm_bench_platform${SUFFIX ? `_${SUFFIX}` : ''}`;
const LOG_DIR = path.join(REPO_ROOT, 'tmp', 'bench-logs');
const ADMIN = {
  email: 'bench-admin@bench.example',
  tenant: 'bench',
  password: `bench-${randomBytes(12).toString('hex')}`,
};

interface AppSpec {
  readonly name: string;
  readonly main: string;
  readonly readyUrl: string;
  readonly env: Record<string, string>;
}

export class PlatformUnavailableError extends Error {}

export interface Platform {
  readonly graphqlUrl: string;
  readonly baseUrl: string;
  readonly mongoUrl: string;
  readonly postgresUrl: string;
  readonly tenant: string;
  /** A bearer token of the seeded admin. */
  token(): Promise<string>;
  /** Peak RSS (VmHWM) and current RSS of an app process, bytes. */
  memory(app: string): { peakRssBytes: number; rssBytes: number } | undefined;
  /** CPU time (user + system) an app process has used so far, ms; per-work figures take deltas. */
  cpuMs(app: string): number | undefined;
  readonly apps: readonly string[];
  stop(): Promise<void>;
}

/**
 * Why the platform cannot serve a scenario yet (missing pieces), or undefined when it can.
 * `customer360`: the scenario reads the customer 360 read model (the projections worker must run it).
 */
export function platformPrerequisites(needs: {
  readonly customer360: boolean;
}): string | undefined {
  const mains = [
    'services/customers/src/main.ts',
    'services/projections/src/main.ts',
    'gateway/src/main.ts',
  ];
  const missing = mains.filter((m) => !existsSync(path.join(REPO_ROOT, m)));
  if (missing.length > 0) return `not built yet: ${missing.join(', ')}`;
  if (needs.customer360) {
    const catalogue = readFileSync(
      path.join(REPO_ROOT, 'services/projections/src/projection-catalogue.ts'),
      'utf8',
    );
    const code = catalogue.replace(/\/\/.*$/gm, '');
    if (!/\.\.\.CUSTOMER_PROJECTIONS|customer360Projection/.test(code)) {
      return 'the projections worker does not run the customer-360 projection yet (services/projections/src/projection-catalogue.ts)';
    }
  }
  return undefined;
}

let shared: Promise<Platform> | undefined;

/** The bench's platform, started on first use. Throws PlatformUnavailableError with a reason. */
export function sharedPlatform(
  connections: Connections,
  log: (m: string) => void,
  needs: { readonly customer360: boolean },
): Promise<Platform> {
  const problem = platformPrerequisites(needs);
  if (problem) return Promise.reject(new PlatformUnavailableError(problem));
  shared ??= startPlatform(connections, log);
  return shared;
}

export async function stopSharedPlatform(): Promise<void> {
  const platform = await shared?.catch(() => undefined);
  shared = undefined;
  await platform?.stop();
}

async function startPlatform(
  connections: Connections,
  log: (m: string) => void,
): Promise<Platform> {
  const postgresUrl = await recreateDatabase(connections.postgresUrl, PLATFORM_DATABASE);
  const mongoUrl = benchMongoUrl(
    connections.mongoUrl,
    `bench_crm_platform${SUFFIX ? `_${SUFFIX}` : ''}`,
  );
  await dropMongoDatabase(mongoUrl);
  const [grpc, customersHealth, projectionsHealth, relayHealth, gatewayPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const namespace = `bench.platform.${Date.now()}.`;
  // The gateway signs service call tokens; the customers service only verifies them.
  const serviceTokenKeys = generateServiceTokenKeys();
  const common: Record<string, string> = {
    CRM_POSTGRES_URL: postgresUrl,
    CRM_MONGO_URL: mongoUrl,
    CRM_KAFKA_BROKERS: connections.kafkaBrokers.join(','),
    CRM_TOPIC_NAMESPACE: namespace,
    CRM_MASTER_KEY: randomBytes(32).toString('base64'),
    CRM_LOG_LEVEL: 'warn',
    SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'),
  };
  const specs: AppSpec[] = [
    {
      name: 'customers',
      main: 'services/customers/src/main.ts',
      readyUrl: `http://127.0.0.1:${customersHealth}/ready`,
      env: {
        CRM_CUSTOMERS_GRPC_PORT: String(grpc),
        CRM_CUSTOMERS_HEALTH_PORT: String(customersHealth),
        CRM_SERVICE_TOKEN_PUBLIC_KEY: serviceTokenKeys.publicKey,
      },
    },
    {
      name: 'projections',
      main: 'services/projections/src/main.ts',
      readyUrl: `http://127.0.0.1:${projectionsHealth}/ready`,
      env: { CRM_PROJECTIONS_HEALTH_PORT: String(projectionsHealth) },
    },
    ...(existsSync(path.join(REPO_ROOT, 'services/relay/src/main.ts'))
      ? [
          {
            name: 'relay',
            main: 'services/relay/src/main.ts',
            readyUrl: `http://127.0.0.1:${relayHealth}/ready`,
            env: { CRM_RELAY_HEALTH_PORT: String(relayHealth), CRM_RELAY_NAME: 'bench' },
          },
        ]
      : []),
    {
      name: 'gateway',
      main: 'gateway/src/main.ts',
      readyUrl: `http://127.0.0.1:${gatewayPort}/ready`,
      env: {
        CRM_GATEWAY_PORT: String(gatewayPort),
        CRM_GATEWAY_METRICS_PORT: '0',
        CRM_JWT_SECRET: randomBytes(48).toString('base64'),
        CRM_SERVICE_TOKEN_PRIVATE_KEY: serviceTokenKeys.privateKey,
        CRM_CUSTOMERS_GRPC_URL: `127.0.0.1:${grpc}`,
        CRM_CUSTOMERS_EVENTS_TOPIC: `${namespace}crm.customers.events`,
        CRM_GATEWAY_KAFKA_GROUP: `${namespace}gateway`,
        CRM_ADMIN_EMAIL: ADMIN.email,
        CRM_ADMIN_PASSWORD: ADMIN.password,
        CRM_ADMIN_TENANT: ADMIN.tenant,
      },
    },
  ];
  mkdirSync(LOG_DIR, { recursive: true });
  const processes = new Map<string, ChildProcess>();
  const stop = async (): Promise<void> => {
    for (const name of [...processes.keys()].reverse()) {
      const child = processes.get(name)!;
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    processes.clear();
    await dropMongoDatabase(mongoUrl).catch(() => undefined);
    // The relay created `<namespace>crm.<context>.events` topics: remove them with the platform.
    const kafka = benchKafka(connections.kafkaBrokers, 'bench-platform-cleanup');
    await deleteBenchTopics(kafka, namespace).catch(() => undefined);
  };
  try {
    for (const spec of specs) {
      const logFile = path.join(LOG_DIR, `${spec.name}.log`);
      const fd = openSync(logFile, 'w');
      // BENCH_PLATFORM_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=tmp/prof" profiles the apps (written
      // when they stop at the end of the run).
      const execArgv = (process.env['BENCH_PLATFORM_NODE_OPTIONS'] ?? '')
        .split(/\s+/)
        .filter(Boolean);
      const child = spawn(process.execPath, [...execArgv, '-r', '@swc-node/register', spec.main], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...common, ...spec.env },
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      processes.set(spec.name, child);
      await waitReady(spec, child, logFile);
      log(
        `platform: ${spec.name} ready (pid ${child.pid}, log ${path.relative(REPO_ROOT, logFile)})`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  let token: Promise<string> | undefined;
  return {
    graphqlUrl: `${baseUrl}/graphql`,
    baseUrl,
    mongoUrl,
    postgresUrl,
    tenant: ADMIN.tenant,
    token: () => (token ??= login(`${baseUrl}/graphql`)),
    memory: (app) => memoryOf(processes.get(app)?.pid),
    cpuMs: (app) => processCpuMs(processes.get(app)?.pid),
    apps: specs.map((s) => s.name),
    stop,
  };
}

async function waitReady(spec: AppSpec, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new PlatformUnavailableError(
        `${spec.name} exited during start-up (${child.exitCode ?? child.signalCode}): ${tail(logFile)}`,
      );
    }
    try {
      if ((await fetch(spec.readyUrl)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new PlatformUnavailableError(
        `${spec.name} not ready at ${spec.readyUrl} after 180 s: ${tail(logFile)}`,
      );
    await sleep(500);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ').slice(0, 1500);
  } catch {
    return '(no log)';
  }
}

async function login(graphqlUrl: string): Promise<string> {
  const body = await graphql<{ login: { token: string } }>(
    graphqlUrl,
    undefined,
    'mutation($input: LoginInput!) { login(input: $input) { token } }',
    {
      input: { tenant: ADMIN.tenant, email: ADMIN.email, password: ADMIN.password },
    },
  );
  return body.login.token;
}

/** One GraphQL request; throws with the first error message. */
export async function graphql<T>(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    throw new Error(
      `GraphQL ${first?.extensions?.code ?? response.status}: ${first?.message ?? 'no data'}`,
    );
  }
  return body.data;
}

function memoryOf(pid: number | undefined): { peakRssBytes: number; rssBytes: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { peakRssBytes: kb('VmHWM'), rssBytes: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

/** The serving customer_360 collection (through the projection's alias), waiting while it is built. */
export async function servingCollection(
  connection: mongoose.Connection,
): Promise<mongoose.mongo.Collection> {
  const resolver = new ReadModelResolver(connection, 0);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await resolver.collection('customer-360', 'customer_360');
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
