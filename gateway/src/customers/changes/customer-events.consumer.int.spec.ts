// The customerChanged feed against a real Kafka topic: a watched customer's change reaches its
// subscriber promptly although the feed batches its fetches (ADR 0366), and records about
// customers nobody watches are not delivered.
import { randomUUID } from 'node:crypto';
import {
  testInfrastructure,
  throwawayConsumerGroupId,
  throwawayKafkaTopicName,
} from '@crm/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import pino from 'pino';
import { type CustomerChange } from './customer-change.model';
import { CustomerChangeHub } from './customer-change-hub';
import { CHANGE_FEED_FETCH, CustomerEventsConsumer } from './customer-events.consumer';

jest.setTimeout(60_000);

const TENANT = 'tenant-feed';
let kafka: Kafka;
let producer: Producer;
let topic: string;
let hub: CustomerChangeHub;
let feed: CustomerEventsConsumer;
let groupId: string;

/** A record as the relay writes it: key = streamId, the envelope as JSON, the routing headers. */
function customerEvent(customerId: string): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  const streamId = `customers.Customer-${customerId}`;
  const eventId = randomUUID();
  return {
    key: streamId,
    value: JSON.stringify({
      eventId,
      type: 'customers.ContactAdded',
      schemaVersion: 1,
      streamId,
      streamVersion: 2,
      globalPosition: 7,
      tenantId: TENANT,
      occurredAt: '2026-11-30T10:00:00.000Z',
      correlationId: 'corr-feed',
      causationId: 'corr-feed',
      actor: { kind: 'system', name: 'test' },
      data: {},
    }),
    headers: { type: 'customers.ContactAdded', eventId, tenantId: TENANT },
  };
}

async function send(customerId: string): Promise<string> {
  const message = customerEvent(customerId);
  await producer.send({ topic, messages: [message], acks: -1 });
  return message.headers.eventId!;
}

/** The next change the subscription yields, or a rejection after `timeoutMs`. */
async function nextChange(
  changes: AsyncIterableIterator<CustomerChange>,
  timeoutMs: number,
): Promise<CustomerChange> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      changes.next(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no change within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    if (result.done) throw new Error('the subscription ended');
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  const { kafkaBrokers } = await testInfrastructure({ require: ['kafka'] });
  kafka = new Kafka({ clientId: 'feed-int', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  topic = throwawayKafkaTopicName('customer-changes');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  hub = new CustomerChangeHub();
  feed = new CustomerEventsConsumer(
    { brokers: kafkaBrokers, groupId: (groupId = throwawayConsumerGroupId('feed')), topic },
    hub,
    pino({ level: 'silent' }),
  );
  feed.start();
  // The group starts at the live end once it has joined: probe until a watched record arrives.
  const probe = randomUUID();
  const probes = hub.subscribe(TENANT, probe);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await send(probe);
    try {
      await nextChange(probes, 1_000);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
  await probes.return?.();
});

afterAll(async () => {
  await feed?.stop();
  await producer?.disconnect();
  const admin = kafka?.admin();
  if (!admin) return;
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

test('a watched customer’s change reaches its subscriber within the fetch wait, not the 5 s default', async () => {
  const customerId = randomUUID();
  const changes = hub.subscribe(TENANT, customerId);
  try {
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const eventId = await send(customerId);
      const change = await nextChange(changes, 2_000);
      expect(change).toMatchObject({ customerId, tenantId: TENANT, eventId });
      // The broker answers an idle fetch after maxWaitTimeInMs; on a loaded machine allow slack.
      expect(Date.now() - started).toBeLessThan(CHANGE_FEED_FETCH.maxWaitTimeInMs + 1_500);
    }
  } finally {
    await changes.return?.();
  }
});

test('records about customers nobody watches are not delivered to other subscribers', async () => {
  const watched = randomUUID();
  const changes = hub.subscribe(TENANT, watched);
  try {
    await send(randomUUID());
    await send(randomUUID());
    const eventId = await send(watched);
    expect(await nextChange(changes, 5_000)).toMatchObject({ customerId: watched, eventId });
  } finally {
    await changes.return?.();
  }
});

test('on stop the feed commits where it got to, so a restarted gateway does not read those records again', async () => {
  const watched = randomUUID();
  const changes = hub.subscribe(TENANT, watched);
  const message = customerEvent(watched);
  const [written] = await producer.send({ topic, messages: [message], acks: -1 });
  expect(await nextChange(changes, 5_000)).toMatchObject({ eventId: message.headers.eventId });
  await changes.return?.();
  await feed.stop();
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map(committed!.partitions.map((p) => [p.partition, p.offset]));
    // The committed offset is the next record to read: just after the last one delivered.
    expect(byPartition.get(written!.partition)).toBe(String(Number(written!.baseOffset) + 1));
  } finally {
    await admin.disconnect();
  }
});
