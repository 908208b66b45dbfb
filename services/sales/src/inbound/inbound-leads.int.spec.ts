/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// Lead capture from the inbound Kafka topic against real Kafka and PostgreSQL: an integration's
// message is captured once per message id (sent twice, captured once), assigned by its team's
// strategy, flagged when an earlier lead has the same e-mail, failed with the reason when nobody in
// the team can take it, and a malformed message is parked with the reason, not lost.
import { createKafkaClient, silentLogger } from '@crm/messaging';
import { SALES_INBOUND_LEADS_TOPIC } from '@crm/contracts/sales';
import { eventually, testInfrastructure } from '@crm/testing';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  ctx,
  manager,
  startSalesTestService,
  type SalesTestService,
} from '../../test/sales-test-service';
import { SalesInbound } from './sales-inbound.wiring';
import { inboundLeadIdOf } from './inbound-lead.consumer';

jest.setTimeout(120_000);

const MANAGER = manager('mgr-1', 'team-a', ['rep-1', 'rep-2']);
const namespace = `t${randomUUID().slice(0, 8)}.`;
const topic = `${namespace}${SALES_INBOUND_LEADS_TOPIC}`;
let t: SalesTestService;
let producer: Producer;

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['postgres', 'kafka'] });
  t = await startSalesTestService('sales-inbound', undefined, {
    CRM_SALES_INBOUND_LEADS: 'on',
    CRM_KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    CRM_TOPIC_NAMESPACE: namespace,
    CRM_TOPIC_PARTITIONS: '1',
    CRM_SALES_INBOUND_DEFAULT_TENANT: 'tenant-a',
  });
  producer = createKafkaClient({
    brokers: infra.kafkaBrokers,
    clientId: 'inbound-spec',
    logger: silentLogger,
  }).producer();
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await t?.stop();
});

const publish = (value: string, key: string = randomUUID()) =>
  producer.send({ topic, messages: [{ key, value, headers: { tenantId: 'tenant-a' } }] });
const lead = (messageId: string, email: string, teamId = 'team-a') =>
  JSON.stringify({
    messageId,
    contact: { name: 'Grace Hopper', email },
    companyName: 'Navy',
    teamId,
    fields: { country: 'US' },
  });
const leadEvents = async (messageId: string) => {
  const leadId = inboundLeadIdOf('tenant-a', messageId);
  return (await t.events()).filter((e) => e.stream_id === `sales.Lead-${leadId}`);
};

describe('lead capture from the inbound topic', () => {
  it('captures once per message id and assigns by the team’s strategy; a duplicate e-mail is flagged', async () => {
    await t.call(
      'DefineSalesTeam',
      {
        ctx: ctx(),
        teamId: 'team-a',
        strategy: 'round_robin',
        reps: [
          { repId: 'rep-1', capacity: 10, absent: false, optedOut: false },
          { repId: 'rep-2', capacity: 10, absent: false, optedOut: false },
        ],
        rules: [],
      },
      MANAGER,
    );
    await publish(lead('form-1', 'grace@example.com'));
    await publish(lead('form-1', 'grace@example.com')); // redelivered by the integration
    await publish(lead('form-2', 'GRACE@example.com '));

    await eventually(
      async () => {
        const first = await leadEvents('form-1');
        expect(first.map((e) => e.type)).toEqual(['sales.LeadCaptured', 'sales.LeadAssigned']);
        expect(first[0]).toMatchObject({ data: { source: 'kafka', teamId: 'team-a' } });
        expect(first[1]).toMatchObject({ data: { ownerId: 'rep-1', strategy: 'round_robin' } });
        const second = await leadEvents('form-2');
        expect(second.map((e) => e.type)).toEqual([
          'sales.LeadCaptured',
          'sales.LeadDuplicateDetected',
          'sales.LeadAssigned',
        ]);
        expect(second[1]).toMatchObject({
          data: { duplicateOfLeadId: inboundLeadIdOf('tenant-a', 'form-1'), matchedOn: 'email' },
        });
        expect(second[2]).toMatchObject({ data: { ownerId: 'rep-2' } });
      },
      { timeoutMs: 60_000 },
    );
    const received = (await t.events()).filter((e) => e.type === 'sales.InboundLeadReceived');
    expect(received.filter((e) => e.data.messageId === 'form-1')).toHaveLength(1);
    // The stored message is ciphertext: the contact never lies in the store in clear.
    expect(JSON.stringify(received)).not.toContain('grace@example.com');
  });

  it('records why nobody could take a lead, and parks a malformed message with the reason', async () => {
    await t.call('DefineSalesTeam', {
      ctx: ctx(),
      teamId: 'team-away',
      strategy: 'weighted',
      reps: [{ repId: 'rep-9', capacity: 5, absent: true, optedOut: false }],
      rules: [],
    });
    await publish(lead('form-3', 'ada@example.com', 'team-away'));
    await publish(lead('form-4', 'alan@example.com', 'team-nobody'));
    await publish('{"messageId": "form-5", "contact": ', 'form-5');
    await publish(JSON.stringify({ messageId: 'form-6', contact: { name: 'No team' } }));

    await eventually(
      async () => {
        expect((await leadEvents('form-3')).map((e) => [e.type, e.data.reason])).toEqual([
          ['sales.LeadCaptured', undefined],
          ['sales.LeadAssignmentFailed', 'all_reps_unavailable'],
        ]);
        expect((await leadEvents('form-4'))[1]).toMatchObject({
          type: 'sales.LeadAssignmentFailed',
          data: { teamId: 'team-nobody', reason: 'no_reps_in_team' },
        });
        const parked = await t.service.app.get(SalesInbound).capture.parked();
        expect(parked.map((p) => p.reason)).toEqual([
          expect.stringContaining('not JSON'),
          expect.stringContaining('teamId'),
        ]);
      },
      { timeoutMs: 60_000 },
    );
    expect(await leadEvents('form-5')).toEqual([]);
  });
});
