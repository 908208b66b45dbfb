// Throwaway resources so that test files never see each other's data, even when jest runs them in
// parallel or a previous run crashed: each test file gets its own PostgreSQL database, Mongo
// database and Kafka topics, named after the test file plus a random suffix.
//
//   const pg = await createThrowawayPostgresDatabase({ prefix: 'es' });  // pg.url, pg.drop()
//   const mongo = await createThrowawayMongoDatabase();                   // mongo.url, mongo.drop()
//   const topic = await createThrowawayKafkaTopic({ partitions: 3 });    // topic.name, topic.delete()
//
// Call drop()/delete() in afterAll. Names start with `t_` (databases) or `test.` (topics), so
// leftovers of crashed runs are easy to spot; `infra/local/crm-infra reset` removes everything.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { type TestInfrastructure, testInfrastructure } from './test-infrastructure';

/** PostgreSQL identifiers and MongoDB database names are limited to 63 characters. */
const MAX_DB_NAME = 63;

interface ThrowawayOptions {
  /** Short tag for the name, e.g. 'eventstore'. */
  readonly prefix?: string;
  /** Connection strings to use; defaults to `await testInfrastructure({ require: [server] })`. */
  readonly infra?: TestInfrastructure;
}

export interface ThrowawayDatabase {
  readonly name: string;
  /** Connection string of the throwaway database. */
  readonly url: string;
  drop(): Promise<void>;
}

export interface ThrowawayKafkaTopic {
  readonly name: string;
  delete(): Promise<void>;
}

/** The running test file's name as a slug ('event-store.int' for event-store.int.spec.ts). */
function testFileSlug(): string {
  const state = (
    globalThis as { expect?: { getState?: () => { testPath?: string } } }
  ).expect?.getState?.();
  const file = state?.testPath
    ? path.basename(state.testPath).replace(/\.spec\.[cm]?[jt]s$/, '')
    : 'adhoc';
  return file;
}

function slug(text: string, separator: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(/^[-_]+|[-_]+$/g, '');
}

/**
 * A unique name `<prefix>_<test-file>_<random>` of [a-z0-9_], at most `maxLength` characters
 * (the random part is always kept whole).
 */
export function throwawayName(prefix = 't', maxLength = MAX_DB_NAME): string {
  const random = randomBytes(5).toString('hex');
  const head = [slug(prefix, '_') || 't', slug(testFileSlug(), '_')].filter(Boolean).join('_');
  return `${head.slice(0, Math.max(1, maxLength - random.length - 1))}_${random}`;
}

/** A unique Kafka topic name `test.<test-file>.<prefix>.<random>` (not created). */
export function throwawayKafkaTopicName(prefix = 'topic'): string {
  const random = randomBytes(5).toString('hex');
  return ['test', slug(testFileSlug(), '-'), slug(prefix, '-') || 'topic', random].join('.');
}

/** A unique consumer group id for the running test file. */
export function throwawayConsumerGroupId(prefix = 'group'): string {
  return throwawayKafkaTopicName(prefix).replace(/^test\./, 'test-group.');
}

/** The same URL with its database path replaced (works for postgres:// and mongodb:// URLs). */
export function withDatabase(url: string, database: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!match) throw new Error(`not a connection URL: ${url}`);
  return `${match[1]}/${encodeURIComponent(database)}${match[3] ?? ''}`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withPgClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty PostgreSQL database owned by the test role; `drop()` removes it (FORCE). */
export async function createThrowawayPostgresDatabase(
  options: ThrowawayOptions = {},
): Promise<ThrowawayDatabase> {
  const infra = options.infra ?? (await testInfrastructure({ require: ['postgres'] }));
  const name = throwawayName(options.prefix ?? 't');
  await withPgClient(infra.postgresUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    name,
    url: withDatabase(infra.postgresUrl, name),
    drop: async () => {
      // FORCE (PostgreSQL 13+) disconnects pools the test forgot to close. It can still refuse
      // while an autovacuum worker (not ours to terminate) is busy on a database the test just
      // filled, so retry for a few seconds.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await withPgClient(infra.postgresUrl, (c) =>
            c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
          );
          return;
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
  };
}

/** A fresh MongoDB database name (created lazily by the server on first write); `drop()` removes it. */
export async function createThrowawayMongoDatabase(
  options: ThrowawayOptions = {},
): Promise<ThrowawayDatabase> {
  const infra = options.infra ?? (await testInfrastructure({ require: ['mongo'] }));
  const name = throwawayName(options.prefix ?? 't');
  const url = withDatabase(infra.mongoUrl, name);
  return {
    name,
    url,
    drop: async () => {
      const conn = await mongoose
        .createConnection(url, { serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      try {
        await conn.dropDatabase();
      } finally {
        await conn.close();
      }
    },
  };
}

/**
 * Creates a Kafka topic (the broker does not auto-create topics) and waits for its leaders;
 * `delete()` removes it.
 */
export async function createThrowawayKafkaTopic(
  options: ThrowawayOptions & { readonly partitions?: number; readonly name?: string } = {},
): Promise<ThrowawayKafkaTopic> {
  const infra = options.infra ?? (await testInfrastructure({ require: ['kafka'] }));
  const name = options.name ?? throwawayKafkaTopicName(options.prefix);
  const kafka = new Kafka({
    clientId: 'crm-test-throwaway',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic: name, numPartitions: options.partitions ?? 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return {
    name,
    delete: async () => {
      const a = kafka.admin();
      await a.connect();
      try {
        await a.deleteTopics({ topics: [name], timeout: 10_000 });
      } finally {
        await a.disconnect();
      }
    },
  };
}
