// Fault: the relay leader is SIGKILLed while events keep coming. The standby (a second relay
// process with the same name) takes the PostgreSQL advisory lock, resumes from the shared
// checkpoint, and no event is lost; per-stream order of first deliveries holds.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { PostgresEventStore } from '@crm/event-sourcing';
import { createKafkaClient, silentLogger } from '@crm/messaging';
import {
  appendCounterLoad,
  createSampleEventStore,
  firstDeliveriesByStream,
  readTopics,
  readWholeLog,
  startTsChild,
} from '@crm/messaging/testing';
import type { Child } from '@crm/messaging/testing';
import {
  createThrowawayPostgresDatabase,
  eventually,
  testInfrastructure,
  throwawayKafkaTopicName,
} from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Kafka } from 'kafkajs';

jest.setTimeout(180_000);

const STREAMS = 60;
const EVENTS_PER_STREAM = 100;

interface Health {
  role: string;
  checkpoint: number;
  lag?: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function health(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return (await response.json()) as Health;
}

describe('relay leader dies, standby takes over', () => {
  let pg: ThrowawayDatabase;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let brokers: string[];
  const namespace = `${throwawayKafkaTopicName('failover')}.`;
  const topic = `${namespace}crm.sample.events`;
  const children: Child[] = [];

  beforeAll(async () => {
    const infra = await testInfrastructure({ require: ['postgres', 'kafka'] });
    brokers = infra.kafkaBrokers;
    kafka = createKafkaClient({ brokers, clientId: 'failover-test', logger: silentLogger });
    pg = await createThrowawayPostgresDatabase({ prefix: 'failover' });
    store = await createSampleEventStore(pg.url);
  });

  afterAll(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await store?.close();
    if (pg) await pg.drop();
  });

  function startRelay(port: number): Child {
    const child = startTsChild('services/relay/src/main.ts', [], {
      CRM_POSTGRES_URL: pg.url,
      CRM_KAFKA_BROKERS: brokers.join(','),
      CRM_TOPIC_NAMESPACE: namespace,
      CRM_TOPIC_PARTITIONS: '3',
      CRM_RELAY_NAME: 'failover',
      CRM_RELAY_CONTRACTS: 'off',
      CRM_RELAY_LEADER_POLL_MS: '200',
      CRM_RELAY_BATCH_SIZE: '200',
      CRM_RELAY_HEALTH_PORT: String(port),
      CRM_LOG_LEVEL: 'warn',
    });
    children.push(child);
    return child;
  }

  it('loses no event and keeps per-stream order', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = startRelay(portA);
    await eventually(async () => expect((await health(portA)).role).toBe('leader'), {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'relay A leads',
    });
    const b = startRelay(portB);
    await eventually(async () => expect((await health(portB)).role).toBe('standby'), {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'relay B stands by',
    });
    const readyB = await fetch(`http://127.0.0.1:${portB}/ready`);
    expect(readyB.status).toBe(200); // a standby is ready to take over

    const writing = appendCounterLoad(store, {
      streams: STREAMS,
      eventsPerStream: EVENTS_PER_STREAM,
      eventsPerAppend: 5,
      concurrency: 3,
    });
    await eventually(async () => expect((await health(portA)).checkpoint).toBeGreaterThan(1500), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    a.process.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await a.exited).toBeNull();
    await eventually(async () => expect((await health(portB)).role).toBe('leader'), {
      timeoutMs: 30_000,
      intervalMs: 50,
      description: 'relay B takes over',
    });
    const takeoverMs = Date.now() - killedAt;

    // The killed process comes back as the new standby.
    const portA2 = await freePort();
    startRelay(portA2);
    await eventually(async () => expect((await health(portA2)).role).toBe('standby'), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    await writing;
    const log = await readWholeLog(store);
    const head = log.at(-1)!.globalPosition;
    await eventually(
      async () =>
        expect(await health(portB)).toMatchObject({ role: 'leader', checkpoint: head, lag: 0 }),
      { timeoutMs: 60_000, intervalMs: 200 },
    );

    const wanted = new Set(log.map((e) => e.eventId));
    const messages = await readTopics(kafka, [topic], {
      until: (m) => {
        for (const { envelope } of m.slice(-2000)) wanted.delete(envelope.eventId);
        return wanted.size === 0;
      },
      timeoutMs: 60_000,
    });
    expect(wanted.size).toBe(0);
    for (const versions of firstDeliveriesByStream(messages).values()) {
      expect(versions).toEqual(Array.from({ length: EVENTS_PER_STREAM }, (_, i) => i + 1));
    }
    console.log(
      `standby took over ${takeoverMs} ms after the kill; ${messages.length} messages for ${log.length} events (${messages.length - log.length} duplicates)`,
    );
    b.process.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });
});
