// Every event the Ticket decider produces, once encrypted as stored and published, satisfies its
// public contract (libs/contracts/src/service-desk): the store's schema check on append and the
// relay's contract gate would both let it through; bodies and addresses are ciphertext.
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { SERVICE_DESK_EVENT_CONTRACTS, serviceDeskContracts } from '@crm/contracts/service-desk';
import {
  CommandHandler,
  DataKeyStore,
  InMemoryDataKeyRepository,
  InMemoryEventStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  loadMasterKeyRing,
  systemRuntime,
} from '@crm/event-sourcing';
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  ticketDecider,
  ticketStreamId,
  type TicketCommand,
} from '@crm/service-desk-domain';
import { buildSlaPolicies, defaultSlaConfiguration } from '../config/sla-configuration';
import { serviceDeskEventTypes, serviceDeskPersonalDataPolicy } from './service-desk-event-store';

const [standard, high, urgent] = buildSlaPolicies(defaultSlaConfiguration('Europe/Paris'));
const ticketId = 'T-1';
// Monday 7 December 2026, Paris.
const at = (hhmm: string, day = '07'): string =>
  `2026-12-${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}.000Z`;

describe('service-desk events and their contracts', () => {
  it('validate on append (store schema) and as published messages (contract validator)', async () => {
    const raw = new InMemoryEventStore({ eventTypes: serviceDeskEventTypes() });
    const keys = new DataKeyStore({
      repository: new InMemoryDataKeyRepository(),
      masterKeys: loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') }),
    });
    const store = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      serviceDeskPersonalDataPolicy(),
    );
    const handler = new CommandHandler({ decider: ticketDecider, store, runtime: systemRuntime });
    const run = (command: TicketCommand) =>
      handler.handle(ticketStreamId(ticketId), command, {
        tenantId: 't1',
        actor: { kind: 'user', userId: 'u1', roles: [] },
      });
    if (!standard || !high || !urgent) throw new Error('default policies missing');

    await run({
      type: 'OpenTicket',
      data: {
        ticketId,
        at: at('08:00'),
        channel: 'email',
        subject: 'Broken vase',
        body: 'It arrived in pieces.',
        requesterEmail: 'ada@example.com',
        priority: 'urgent',
        type: 'complaint',
        tags: ['delivery'],
        mail: { messageId: '<m1@example.com>' },
        policy: urgent,
      },
    });
    await run({
      type: 'AssignTicket',
      data: { ticketId, at: at('08:05'), agentId: 'agent-1', teamId: 'desk-a' },
    });
    await run({
      type: 'CheckSla',
      data: { ticketId, at: at('08:50'), milestone: 'firstResponse' },
    });
    await run({
      type: 'CheckSla',
      data: { ticketId, at: at('09:10'), milestone: 'firstResponse' },
    });
    await run({
      type: 'EscalateSla',
      data: { ticketId, at: at('09:12'), milestone: 'firstResponse' },
    });
    await run({
      type: 'ReplyToCustomer',
      data: {
        ticketId,
        at: at('09:15'),
        agentId: 'agent-1',
        body: 'Sorry, Ada.',
        mail: { messageId: '<r1@desk>', inReplyTo: '<m1@example.com>' },
      },
    });
    await run({
      type: 'AddInternalNote',
      data: { ticketId, at: at('09:16'), agentId: 'agent-1', body: 'Ada is a VIP.' },
    });
    await run({
      type: 'ReceiveCustomerMessage',
      data: {
        ticketId,
        at: at('09:20'),
        body: 'Thanks, Ada',
        mail: { messageId: '<m2@example.com>', references: ['<m1@example.com>'] },
        reopenWindowDays: 7,
      },
    });
    await run({
      type: 'ChangePriority',
      data: { ticketId, at: at('09:30'), priority: 'high', policy: high },
    });
    await run({
      type: 'ClassifyTicket',
      data: {
        ticketId,
        at: at('09:31'),
        type: 'complaint',
        tags: ['delivery', 'glass'],
        policy: standard,
      },
    });
    await run({
      type: 'RecordComplaintAnalysis',
      data: { ticketId, at: at('09:32'), rootCause: 'Packaging', remedy: 'New vase' },
    });
    await run({ type: 'LinkCustomer', data: { ticketId, at: at('09:33'), customerId: 'c-1' } });
    await run({
      type: 'RecordAutoReply',
      data: {
        ticketId,
        at: at('09:33:30'),
        articles: [{ articleId: 'kb-1', locale: 'en' }],
        messageId: `<ticket-${ticketId}.e1@desk.example>`,
      },
    });
    await run({
      type: 'ResolveTicket',
      data: { ticketId, at: at('09:34'), resolution: 'Replaced' },
    });
    await run({
      type: 'AnswerCsatSurvey',
      data: {
        ticketId,
        at: at('09:34:30'),
        surveyId: at('09:34'),
        score: 2,
        comment: 'Ada is sad',
      },
    });
    await run({ type: 'ReopenTicket', data: { ticketId, at: at('09:35'), reopenWindowDays: 7 } });
    await run({
      type: 'ResolveTicket',
      data: { ticketId, at: at('09:36'), resolution: 'Replaced again' },
    });
    await run({ type: 'CloseTicket', data: { ticketId, at: at('09:37') } });
    // A duplicate merged into another ticket.
    const runOn = (id: string, command: TicketCommand) =>
      handler.handle(ticketStreamId(id), command, {
        tenantId: 't1',
        actor: { kind: 'user', userId: 'u1', roles: [] },
      });
    for (const id of ['T-2', 'T-3'])
      await runOn(id, {
        type: 'OpenTicket',
        data: {
          ticketId: id,
          at: at('10:00'),
          channel: 'web_form',
          subject: 'Vase again',
          body: 'Still broken.',
          priority: 'normal',
          type: 'question',
          tags: [id],
          policy: standard,
        },
      });
    await runOn('T-2', {
      type: 'AbsorbDuplicate',
      data: {
        ticketId: 'T-2',
        at: at('10:01'),
        duplicateTicketId: 'T-3',
        messageIds: ['<m9@example.com>'],
        customerId: 'c-1',
        tags: ['T-3'],
      },
    });
    await runOn('T-3', {
      type: 'MergeIntoTicket',
      data: { ticketId: 'T-3', at: at('10:01'), intoTicketId: 'T-2' },
    });

    const validator = new ContractValidator(new ContractRegistry([serviceDeskContracts]));
    const stored = [];
    for await (const event of raw.readAll()) stored.push(event);
    // Every ticket event type (articles have their own spec below).
    expect([...new Set(stored.map((e) => e.type))].sort()).toEqual(
      SERVICE_DESK_EVENT_CONTRACTS.map((c) => c.type).sort(),
    );
    for (const event of stored) validator.assertValid(event);
    const published = JSON.stringify(stored);
    expect(published).not.toContain('ada@example.com');
    expect(published).not.toContain('Ada');
  });

  it('name the same values as the domain (channels, priorities, types, statuses)', () => {
    const schemaOf = (type: string) =>
      serviceDeskContracts.events.find((c) => c.type === `service-desk.${type}`)?.dataSchema as {
        properties: Record<string, { enum?: string[] }>;
      };
    const opened = schemaOf('TicketOpened').properties;
    expect(opened['channel']?.enum).toEqual([...TICKET_CHANNELS]);
    expect(opened['priority']?.enum).toEqual([...TICKET_PRIORITIES]);
    expect(opened['type']?.enum).toEqual([...TICKET_TYPES]);
    expect(schemaOf('TicketStatusChanged').properties['to']?.enum).toEqual([...TICKET_STATUSES]);
  });
});
