// The one interface tests use to reach PostgreSQL, Kafka, the MongoDB-wire server and the mail
// server (Mailpit).
//
//   const infra = await testInfrastructure();                        // the three stores must be up
//   const infra = await testInfrastructure({ require: ['postgres'] }); // only what the file needs
//   const infra = await testInfrastructure({ require: ['mailpit'] });  // mail is asked for by name
//
// Mode (CRM_TEST_INFRA):
//   local       (default) servers started by `infra/local/crm-infra up`; connection strings from
//               CRM_POSTGRES_URL / CRM_KAFKA_BROKERS / CRM_MONGO_URL, else the env.sh defaults.
//   containers  NOT IMPLEMENTED. The seam for machines with Docker: a provider that starts the
//               servers (e.g. with testcontainers) and returns their connection strings would be
//               added to PROVIDERS below. It has never run here, so it refuses loudly.
//
// Every server in `require` is checked with a short deadline (CRM_TEST_INFRA_TIMEOUT_MS, default
// 5000 ms). A missing one fails the test file at once with an error that names the server, its
// address and the command that starts it, instead of letting tests time out one by one.
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { INFRA_ENV, LOCAL_INFRA_DEFAULTS, LOCAL_INFRA_START_COMMAND } from './defaults';

export type InfraServer = 'postgres' | 'kafka' | 'mongo' | 'mailpit';
/** What `testInfrastructure()` checks when `require` is not given. */
export const ALL_INFRA_SERVERS: readonly InfraServer[] = ['postgres', 'kafka', 'mongo'];

export type TestInfraMode = 'local' | 'containers';

export interface TestInfrastructure {
  readonly mode: TestInfraMode;
  /** e.g. postgres://crm:crm@127.0.0.1:55432/crm (a role with CREATEDB). */
  readonly postgresUrl: string;
  /** e.g. ['127.0.0.1:59092']. Topics are not auto-created: create them (see throwaway.ts). */
  readonly kafkaBrokers: string[];
  /** e.g. mongodb://127.0.0.1:57017/crm */
  readonly mongoUrl: string;
  /** e.g. smtp://127.0.0.1:51025 (Mailpit accepts any sender, no authentication). */
  readonly smtpUrl: string;
  /** Mailpit's HTTP API, e.g. http://127.0.0.1:58025 (`/api/v1/messages`, `/api/v1/search`). */
  readonly mailpitUrl: string;
}

export interface TestInfrastructureOptions {
  /** Servers that must be reachable; defaults to PostgreSQL, Kafka and MongoDB. */
  readonly require?: readonly InfraServer[];
  /** Deadline for each reachability check; defaults to CRM_TEST_INFRA_TIMEOUT_MS or 5000 ms. */
  readonly timeoutMs?: number;
}

export interface MissingServer {
  readonly server: InfraServer;
  readonly address: string;
  readonly variable: string;
  readonly reason: string;
}

/** Thrown when a required server cannot be reached; `missing` lists each one and why. */
export class TestInfrastructureUnavailableError extends Error {
  constructor(
    readonly mode: TestInfraMode,
    readonly missing: readonly MissingServer[],
  ) {
    super(formatMissing(mode, missing));
    this.name = 'TestInfrastructureUnavailableError';
  }
}

/** Where a mode gets its connection strings. */
interface InfraProvider {
  endpoints(): Promise<TestInfrastructure>;
}

const PROVIDERS: Record<TestInfraMode, () => InfraProvider> = {
  local: () => ({ endpoints: async () => localEndpoints() }),
  containers: () => {
    throw new Error(
      'CRM_TEST_INFRA=containers is not implemented. It is the seam for machines with a Docker ' +
        'engine (a provider that starts PostgreSQL, Kafka and MongoDB containers and returns their ' +
        'connection strings belongs in libs/testing/src/infra/test-infrastructure.ts, PROVIDERS). ' +
        `Use CRM_TEST_INFRA=local with '${LOCAL_INFRA_START_COMMAND}'.`,
    );
  },
};

/** The connection strings of the current mode, without checking reachability. */
export function testInfrastructureEndpoints(): TestInfrastructure {
  const mode = testInfraMode();
  if (mode !== 'local') PROVIDERS[mode](); // throws: only the local mode exists so far
  return localEndpoints();
}

const verified = new Map<string, Promise<TestInfrastructure>>();

/**
 * Connection strings for the test servers, after checking that each required server answers.
 * Successful checks are remembered for the rest of the process (jest: the test file).
 */
export async function testInfrastructure(
  options: TestInfrastructureOptions = {},
): Promise<TestInfrastructure> {
  const mode = testInfraMode();
  const required = [...new Set(options.require ?? ALL_INFRA_SERVERS)].sort();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
  const key = `${mode}|${required.join(',')}`;
  let pending = verified.get(key);
  if (!pending) {
    pending = (async () => {
      const infra = await PROVIDERS[mode]().endpoints();
      await verifyReachable(mode, infra, required, timeoutMs);
      return infra;
    })();
    verified.set(key, pending);
    // A failure is not remembered: the next call (e.g. after `crm-infra up`) checks again.
    pending.catch(() => verified.delete(key));
  }
  return pending;
}

function testInfraMode(): TestInfraMode {
  const raw = (process.env[INFRA_ENV.mode] ?? '').trim() || LOCAL_INFRA_DEFAULTS.testInfraMode;
  if (raw === 'local' || raw === 'containers') return raw;
  throw new Error(
    `${INFRA_ENV.mode}='${raw}' is not a test-infrastructure mode (known: local, containers).`,
  );
}

function defaultTimeoutMs(): number {
  const raw = Number(process.env.CRM_TEST_INFRA_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : 5000;
}

function envOr(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}

function localEndpoints(): TestInfrastructure {
  return {
    mode: 'local',
    postgresUrl: envOr(INFRA_ENV.postgresUrl, LOCAL_INFRA_DEFAULTS.postgresUrl),
    kafkaBrokers: envOr(INFRA_ENV.kafkaBrokers, LOCAL_INFRA_DEFAULTS.kafkaBrokers)
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
    mongoUrl: envOr(INFRA_ENV.mongoUrl, LOCAL_INFRA_DEFAULTS.mongoUrl),
    smtpUrl: envOr(INFRA_ENV.smtpUrl, LOCAL_INFRA_DEFAULTS.smtpUrl),
    mailpitUrl: envOr(INFRA_ENV.mailpitUrl, LOCAL_INFRA_DEFAULTS.mailpitUrl),
  };
}

// ------------------------------------------------------------------------------------------------
// reachability checks: each one real (a query / a metadata request / a ping), each with a deadline
// ------------------------------------------------------------------------------------------------

async function verifyReachable(
  mode: TestInfraMode,
  infra: TestInfrastructure,
  required: readonly InfraServer[],
  timeoutMs: number,
): Promise<void> {
  const results = await Promise.all(
    required.map(async (server): Promise<MissingServer | undefined> => {
      try {
        await withDeadline(PROBES[server](infra, timeoutMs), timeoutMs, server);
        return undefined;
      } catch (err) {
        return { server, ...addressOf(server, infra), reason: reasonOf(err) };
      }
    }),
  );
  const missing = results.filter((r): r is MissingServer => r !== undefined);
  if (missing.length > 0) throw new TestInfrastructureUnavailableError(mode, missing);
}

const PROBES: Record<InfraServer, (infra: TestInfrastructure, timeoutMs: number) => Promise<void>> =
  {
    postgres: async (infra, timeoutMs) => {
      const client = new Client({
        connectionString: infra.postgresUrl,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
      });
      client.on('error', () => undefined); // a late socket error must not crash the test process
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    kafka: async (infra, timeoutMs) => {
      const admin = new Kafka({
        clientId: 'crm-test-infra-probe',
        brokers: infra.kafkaBrokers,
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      }).admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    mongo: async (infra, timeoutMs) => {
      const conn = mongoose.createConnection(infra.mongoUrl, {
        serverSelectionTimeoutMS: timeoutMs,
        connectTimeoutMS: timeoutMs,
      });
      try {
        await conn.asPromise();
        await conn.db?.admin().command({ ping: 1 });
      } finally {
        await conn.close().catch(() => undefined);
      }
    },
    // The HTTP API answering is what tests need (they send over SMTP and read back over HTTP).
    mailpit: async (infra, timeoutMs) => {
      const response = await fetch(new URL('/api/v1/info', infra.mailpitUrl), {
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`Mailpit answered HTTP ${response.status}`);
    },
  };

async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)),
      timeoutMs + 500,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined); // the loser may still reject later; nobody waits for it
  }
}

function addressOf(
  server: InfraServer,
  infra: TestInfrastructure,
): { address: string; variable: string } {
  switch (server) {
    case 'postgres':
      return { address: redactPassword(infra.postgresUrl), variable: INFRA_ENV.postgresUrl };
    case 'kafka':
      return { address: infra.kafkaBrokers.join(','), variable: INFRA_ENV.kafkaBrokers };
    case 'mongo':
      return { address: redactPassword(infra.mongoUrl), variable: INFRA_ENV.mongoUrl };
    case 'mailpit':
      return { address: infra.mailpitUrl, variable: INFRA_ENV.mailpitUrl };
  }
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = err.message || err.name;
    const causeText =
      cause instanceof Error && cause.message && !detail.includes(cause.message)
        ? ` (${cause.message})`
        : '';
    return `${err.name}: ${detail}${causeText}`.split('\n')[0] ?? err.name;
  }
  return String(err);
}

function formatMissing(mode: TestInfraMode, missing: readonly MissingServer[]): string {
  const bar = '!'.repeat(100);
  const names = missing.map((m) => m.server.toUpperCase()).join(', ');
  const lines = missing.map(
    (m) => `!!   ${m.server.padEnd(9)} ${m.address}  (${m.variable})\n!!             ${m.reason}`,
  );
  return [
    '',
    bar,
    `!!  TEST INFRASTRUCTURE MISSING: ${names} not reachable (CRM_TEST_INFRA=${mode})`,
    ...lines,
    '!!',
    `!!  Start the local servers:   ${LOCAL_INFRA_START_COMMAND}${missing.length < 3 ? ` ${missing.map((m) => m.server).join(' ')}` : ''}`,
    '!!  Check them:                infra/local/crm-infra status   (logs: infra/local/crm-infra logs <name>)',
    '!!  Other ports or hosts:      export the variables printed by `infra/local/crm-infra env`',
    bar,
  ].join('\n');
}
