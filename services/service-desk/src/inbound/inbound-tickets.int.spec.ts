// Tickets from the inbound Kafka topic against real Kafka and PostgreSQL: a social message opens
// one ticket (channel social, its source a tag, the SLA policy matched), the same message id sent
// twice opens it once, and malformed messages (not JSON, breaking the schema, breaking the ticket's
// field limits) are parked with the reason while nothing is written for them.
import { SERVICE_DESK_INBOUND_TICKETS_TOPIC } from '@crm/contracts/service-desk';
import { createKafkaClient, silentLogger } from '@crm/messaging';
import { eventually, testInfrastructure } from '@crm/testing';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { inboundTicketIdOf } from './inbound-ticket.consumer';
import { ServiceDeskInbound } from './service-desk-inbound';

jest.setTimeout(120_000);

const namespace = `t${randomUUID().slice(0, 8)}.`;
const topic = `${namespace}${SERVICE_DESK_INBOUND_TICKETS_TOPIC}`;
let t: ServiceDeskTestService;
let inbound: ServiceDeskInbound;
let producer: Producer;

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['postgres', 'kafka'] });
  t = await startServiceDeskTestService('desk-inbound', undefined, {
    CRM_SERVICE_DESK_INBOUND_TICKETS: 'on',
    CRM_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    CRM_TOPIC_NAMESPACE: namespace,
    CRM_TOPIC_PARTITIONS: '1',
    CRM_SERVICE_DESK_INBOUND_DEFAULT_TENANT: 'tenant-a',
  });
  inbound = t.service.app.get(ServiceDeskInbound);
  producer = createKafkaClient({
    brokers: infra.kafkaBrokers,
    clientId: 'desk-inbound-spec',
    logger: silentLogger,
  }).producer();
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await t?.stop();
});

const publish = (key: string, value: string) =>
  producer.send({ topic, messages: [{ key, value, headers: { tenantId: 'tenant-a' } }] });

describe('tickets from the inbound Kafka topic', () => {
  it('opens one ticket per message id, from a social message', async () => {
    const message = {
      messageId: 'social-1',
      channel: 'social',
      source: 'mastodon',
      subject: 'Order 1042 still not here',
      body: '@shop my order 1042 was due last week, any news?',
      priority: 'high',
      tags: ['delivery'],
    };
    await publish('social-1', JSON.stringify(message));
    await publish('social-1', JSON.stringify(message));
    const ticketId = inboundTicketIdOf('tenant-a', 'social-1');
    const opened = await eventually(async () => {
      const events = (await t.events()).filter(
        (e) => e.stream_id === `service-desk.Ticket-${ticketId}`,
      );
      expect(events.map((e) => e.type)).toEqual([
        'service-desk.TicketOpened',
        'service-desk.SlaPolicyApplied',
      ]);
      return events;
    });
    expect(opened[0]?.data).toMatchObject({
      channel: 'social',
      subject: 'Order 1042 still not here',
      priority: 'high',
      type: 'question',
      tags: ['delivery', 'mastodon'],
    });
    expect(opened[0]?.actor).toMatchObject({
      kind: 'system',
      name: 'service-desk.inbound-ticket-intake',
    });
    expect(opened[1]?.data.policy.policyId).toBe('high');
  });

  it('parks malformed messages with the reason and writes nothing for them', async () => {
    const before = await t.eventCount();
    await publish('bad-json', '{not json');
    await publish('bad-schema', JSON.stringify({ messageId: 'bad-schema', body: 'no subject' }));
    await publish(
      'bad-limits',
      JSON.stringify({
        messageId: 'bad-limits',
        subject: 'x'.repeat(900),
        body: 'a subject longer than a ticket takes',
      }),
    );
    const parked = await eventually(async () => {
      const rows = await inbound.parked.list('tenant-a');
      expect(rows.map((r) => r.messageId).sort()).toEqual(['bad-json', 'bad-limits', 'bad-schema']);
      return rows;
    });
    const reason = (id: string) => parked.find((r) => r.messageId === id)?.reason;
    expect(reason('bad-json')).toBe('The message is not JSON');
    expect(reason('bad-schema')).toMatch(/breaks its schema: .*subject/);
    expect(reason('bad-limits')).toMatch(/ticket is invalid: .*subject/);
    expect(parked[0]).toMatchObject({ topic, partition: 0 });
    expect(await t.eventCount()).toBe(before);
  });
});
