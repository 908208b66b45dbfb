// After a restore: the read models rebuilt by `npm run restore -- … --rebuild-read-models` equal a
// clean rebuild of the same log (a person erased after the backup included: nothing personal of
// theirs in any document), and the relay republishes the restored log only with `--republish`.
// Real servers: a private source cluster under tmp/ (WAL archiving), the erasure ledger and
// throwaway MongoDB databases on the shared servers, a throwaway Kafka topic namespace per relay.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CUSTOMERS_EVENT_CONTRACTS } from '@crm/contracts/customers';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  type EventEnvelope,
  type NewEvent,
} from '@crm/event-sourcing';
import { createKafkaClient, silentLogger, type RelayNode } from '@crm/messaging';
import { readTopics, testRelayNode } from '@crm/messaging/testing';
import { connectMongo } from '@crm/read-models';
import {
  snapshotServing,
  withoutRuntimeFields,
  type ReadModelSnapshot,
} from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  freePort,
  testInfrastructure,
  throwawayKafkaTopicName,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Kafka } from 'kafkajs';
import { takeBackup } from './backup';
import { clusterUrl, startCluster, stopCluster, walArchiveDir } from './local-cluster';
import type { LocalCluster } from './local-cluster';
import { listProjections, rebuildProjection } from './read-model-rebuild';
import { restoreBackup } from './restore';

jest.setTimeout(300_000);

const REPO = path.resolve(__dirname, '../../..');
const ROOT = path.join(REPO, 'tmp', `restore-rm-${randomBytes(4).toString('hex')}`);
const TENANT = 'tenant-restore';
const RELAY_NAME = 'crm-relay';
const MASTER_KEY = randomBytes(32).toString('base64');
const masterKeys = loadMasterKeyRing({ CRM_MASTER_KEY: MASTER_KEY });
// The customers service's own policy: which fields are encrypted under whose key.
const policy = customersPersonalDataPolicy();
const EVENT_TYPES = CUSTOMERS_EVENT_CONTRACTS.map((c) => ({
  type: c.type,
  schemaVersion: c.schemaVersion,
}));

interface Person {
  readonly customerId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly nationalId: string;
  readonly email: string;
}

const streamOf = (customerId: string) => `customers.Customer-${customerId}`;

function person(i: number): Person {
  const tag = randomBytes(4).toString('hex').toUpperCase();
  return {
    customerId: randomUUID(),
    firstName: `First${tag}`,
    lastName: `Last${tag}`,
    nationalId: `NI${tag}${i}`,
    email: `mail${tag.toLowerCase()}@example.com`,
  };
}

function customerEvents(p: Person): NewEvent[] {
  const envelope = (type: string, data: Record<string, unknown>): NewEvent => ({
    eventId: randomUUID(),
    type: `customers.${type}`,
    tenantId: TENANT,
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', name: 'restore-test' },
    correlationId: p.customerId,
    causationId: p.customerId,
    data: { customerId: p.customerId, ...data },
  });
  return [
    envelope('CustomerRegistered', {
      kind: 'person',
      person: { firstName: p.firstName, lastName: p.lastName },
      nationalId: p.nationalId,
      status: 'prospect',
    }),
    envelope('ContactAdded', {
      contactId: 'e1',
      contactKind: 'email',
      value: p.email,
      primary: true,
    }),
    envelope('CustomerTagged', { tags: [{ kind: 'interest', value: 'hiking' }] }),
  ];
}

/** Every document of every projection's serving read models, runtime bookkeeping left out. */
async function readModelDocuments(
  mongoUrl: string,
  projections: readonly string[],
): Promise<Record<string, ReadModelSnapshot>> {
  const connection = await connectMongo(mongoUrl);
  try {
    const out: Record<string, ReadModelSnapshot> = {};
    for (const projection of projections)
      out[projection] = withoutRuntimeFields(await snapshotServing(connection, projection));
    return out;
  } finally {
    await connection.close();
  }
}

async function readLog(url: string): Promise<EventEnvelope[]> {
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: EVENT_TYPES,
    migrate: false,
  });
  try {
    const events: EventEnvelope[] = [];
    for await (const event of store.readAll()) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

let source: LocalCluster;
let sourceUrl: string;
let ledgerDb: ThrowawayDatabase;
let ledger: PostgresErasureLedger;
let kafka: Kafka;
let kafkaBrokers: string[];
let mongoUrl: string;
const mongos: ThrowawayDatabase[] = [];
const clusters: LocalCluster[] = [];
const namespaces: string[] = [];
const people = Array.from({ length: 12 }, (_, i) => person(i));
const erased = people[0]!;
let sourceLog: EventEnvelope[];
const backupDir = path.join(ROOT, 'backup');

async function throwawayMongo(): Promise<string> {
  const db = await createThrowawayMongoDatabase({ prefix: 'restore-rm' });
  mongos.push(db);
  return db.url;
}

async function newCluster(name: string): Promise<LocalCluster> {
  const cluster = { dataDir: path.join(ROOT, name), port: await freePort() };
  clusters.push(cluster);
  return cluster;
}

/** A relay node of the platform's relay (same name, so same checkpoint row) on a cluster. */
async function withRelay<T>(
  postgresUrl: string,
  work: (node: RelayNode, namespace: string, topic: string) => Promise<T>,
): Promise<T> {
  const namespace = `${throwawayKafkaTopicName('restore')}.`;
  namespaces.push(namespace);
  const store = await PostgresEventStore.create({
    connectionString: postgresUrl,
    eventTypes: EVENT_TYPES,
    migrate: false,
  });
  const topic = `${namespace}crm.customers.events`;
  const node = testRelayNode({
    store,
    kafka,
    postgresUrl,
    name: RELAY_NAME,
    topicNamespace: namespace,
    topicsAtStartup: [topic],
    batchSize: 50,
  });
  await node.start();
  try {
    return await work(node, namespace, topic);
  } finally {
    await node.stop();
    await store.close();
  }
}

async function caughtUp(node: RelayNode, head: number): Promise<void> {
  await eventually(() =>
    expect(node.health()).toMatchObject({ role: 'leader', checkpoint: head, lag: 0 }),
  );
}

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['postgres', 'kafka', 'mongo'] });
  kafkaBrokers = infra.kafkaBrokers;
  kafka = createKafkaClient({
    brokers: kafkaBrokers,
    clientId: 'restore-int-test',
    logger: silentLogger,
  });
  await mkdir(ROOT, { recursive: true });
  source = await newCluster('source');
  await startCluster(source);
  sourceUrl = clusterUrl(source, 'crm');
  ledgerDb = await createThrowawayPostgresDatabase({ prefix: 'ledger' });
  ledger = new PostgresErasureLedger(ledgerDb.url);
  mongoUrl = await throwawayMongo();

  // The platform's state at backup time: customers written encrypted, the relay caught up.
  const raw = await PostgresEventStore.create({
    connectionString: sourceUrl,
    eventTypes: EVENT_TYPES,
  });
  try {
    await migratePersonalDataSchema(raw.pool);
    const keys = new DataKeyStore({
      repository: new PostgresDataKeyRepository(raw.pool),
      masterKeys,
      erasureLedger: ledger,
    });
    const events = new PersonalDataEventStore(raw, new PersonalDataCipher(keys), policy);
    for (const p of people)
      await events.append(streamOf(p.customerId), customerEvents(p), {
        expectedVersion: 'no_stream',
      });
    sourceLog = await readLog(sourceUrl);
    await withRelay(sourceUrl, (node) => caughtUp(node, sourceLog.length));

    await takeBackup({
      postgresUrl: sourceUrl,
      dir: backupDir,
      walArchive: walArchiveDir(source.dataDir),
    });

    // After the backup: one person is erased (key shredded, ledger entry written).
    await keys.erase({ tenantId: TENANT, subjectId: erased.customerId });
  } finally {
    await raw.close();
  }
});

afterAll(async () => {
  if (kafka) {
    const admin = kafka.admin();
    await admin.connect();
    const existing = await admin.listTopics();
    await admin
      .deleteTopics({ topics: existing.filter((t) => namespaces.some((n) => t.startsWith(n))) })
      .catch(() => undefined);
    await admin.disconnect();
  }
  await ledger?.close();
  for (const cluster of clusters) await stopCluster(cluster).catch(() => undefined);
  await ledgerDb?.drop();
  for (const db of mongos) await db.drop().catch(() => undefined);
  await rm(ROOT, { recursive: true, force: true });
});

const exec = promisify(execFile);

/** Messages in a topic (sum of its partitions' high watermarks). */
async function messageCount(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('restore --rebuild-read-models', () => {
  let restored: LocalCluster;

  it('rebuilds every read model equal to a clean rebuild of the same log, the erased person without personal data', async () => {
    restored = await newCluster('restored');
    const cliEnv = {
      ...process.env,
      CRM_MASTER_KEY: MASTER_KEY,
      CRM_MONGO_URL: mongoUrl,
      CRM_KAFKA_BROKERS: kafkaBrokers.join(','),
      CRM_ERASURE_LEDGER_URL: ledgerDb.url,
      SWC_NODE_PROJECT: path.join(REPO, 'tsconfig.json'),
    };
    // The operator's command, as a process: `npm run restore -- <dir> --data-dir … --rebuild-read-models`.
    const { stdout } = await exec(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        path.join(REPO, 'libs/backup/src/cli.ts'),
        'restore',
        backupDir,
        '--data-dir',
        restored.dataDir,
        '--port',
        String(restored.port),
        '--rebuild-read-models',
      ],
      { cwd: REPO, env: cliEnv, maxBuffer: 16 * 2 ** 20 },
    );
    expect(stdout).toContain('keys shredded again');
    const restoredUrl = clusterUrl(restored, 'crm');

    // The same log: every event of the source, in the same order, nothing more.
    const restoredLog = await readLog(restoredUrl);
    expect(restoredLog.map((e) => e.eventId)).toEqual(sourceLog.map((e) => e.eventId));

    // Clean rebuild of that log into an empty database.
    const referenceUrl = await throwawayMongo();
    const projections = await listProjections(restoredUrl, cliEnv);
    expect(projections.length).toBeGreaterThan(0);
    for (const projection of projections)
      await rebuildProjection(restoredUrl, projection, { ...cliEnv, CRM_MONGO_URL: referenceUrl });

    const afterRestore = await readModelDocuments(mongoUrl, projections);
    const reference = await readModelDocuments(referenceUrl, projections);
    expect(Object.keys(afterRestore).sort()).toEqual(Object.keys(reference).sort());
    const documents = Object.values(afterRestore).flatMap((models) => Object.values(models).flat());
    expect(documents.length).toBeGreaterThanOrEqual(people.length);
    expect(afterRestore).toEqual(reference);

    // Nothing personal of the person erased after the backup, in any document of any read model.
    const everything = JSON.stringify(afterRestore);
    expect(everything).toContain(erased.customerId); // their (non-personal) documents are there…
    for (const secret of [erased.firstName, erased.lastName, erased.nationalId, erased.email])
      expect(everything).not.toContain(secret); // …without their personal data
    const kept = people[1]!;
    expect(everything).toContain(kept.lastName); // the others keep theirs
  });

  it('without --republish, the relay of the restored cluster publishes nothing again', async () => {
    const head = sourceLog.length;
    await withRelay(clusterUrl(restored, 'crm'), async (node, _namespace, topic) => {
      await caughtUp(node, head);
      expect(node.health().relay.publishedEvents).toBe(0);
      expect(await messageCount(topic)).toBe(0);
    });
  });
});

describe('restore --republish', () => {
  it('has the relay republish the restored log: every event once, in order per stream', async () => {
    const cluster = await newCluster('republished');
    const report = await restoreBackup({
      backupDir,
      dataDir: cluster.dataDir,
      port: cluster.port,
      erasureLedger: ledger,
      republish: true,
    });
    expect(report.republished).toBe(true);
    const log = await readLog(report.postgresUrl);
    await withRelay(report.postgresUrl, async (node, _namespace, topic) => {
      await caughtUp(node, log.length);
      // The relay has acknowledged everything: the topic holds exactly what it published.
      expect(await messageCount(topic)).toBe(log.length);
      const all = await readTopics(kafka, [topic], { until: (m) => m.length >= log.length });
      expect(all.map((m) => m.envelope.eventId).sort()).toEqual(log.map((e) => e.eventId).sort());
      const perStream = (events: readonly EventEnvelope[]) => {
        const streams = new Map<string, number[]>();
        for (const e of events)
          streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.streamVersion]);
        return streams;
      };
      const byPartitionOrder = [...all]
        .sort((a, b) => a.partition - b.partition || a.offset - b.offset)
        .map((m) => m.envelope);
      expect(perStream(byPartitionOrder)).toEqual(perStream(log));
    });
  });
});
