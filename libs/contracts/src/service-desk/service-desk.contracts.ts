// Public contracts of the service-desk context (topic crm.service-desk.events): one JSON Schema per
// event type and version. Message bodies and the requester's address are personal: on the topic
// they are ciphertext under the data subject's key (the customer, or the ticket until one is linked).
import type { ContextContracts, EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, object, personal, text } from '../customers/customers-schema-parts';
import { KNOWLEDGE_BASE_EVENT_CONTRACTS } from './knowledge-base.contracts';
import { NPS_EVENT_CONTRACTS } from './nps.contracts';
import { ROUTING_EVENT_CONTRACTS } from './routing.contracts';
import { CARE_EVENT_CONTRACTS } from './care.contracts';
import { SERVICE_DESK_INBOUND_TOPICS } from './service-desk-inbound.contracts';
import { serviceDeskContractOf } from './service-desk-contract';

const TICKET = 'T-0190a000-0000-7000-8000-000000000001';
const AT = '2026-12-07T08:00:00.000Z';
const STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'waiting_on_customer',
  'waiting_on_third_party',
  'resolved',
  'closed',
];
const MILESTONES = ['firstResponse', 'nextResponse', 'resolution'];
const body = personal({ type: 'string', minLength: 1, maxLength: 100_000 });
const mail = object(
  {
    messageId: text(998),
    inReplyTo: text(998),
    references: { type: 'array', items: text(998), maxItems: 100 },
  },
  ['messageId'],
);
const tags: JsonSchema = { type: 'array', items: text(64), maxItems: 50 };
const minutes: JsonSchema = { type: 'integer', minimum: 1 };
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
/** Who an escalation level notifies. */
const recipient: JsonSchema = { type: 'string', pattern: '^(assignee|team_lead|agent:.+)$' };
const assignee = object({ agentId: id, teamId: id }, ['agentId']);
/** The policy snapshot a ticket's clocks run under (calendar included, so replays need nothing else). */
const slaPolicy = object(
  {
    policyId: id,
    version: { type: 'integer', minimum: 1 },
    calendar: object(
      {
        calendarId: id,
        version: { type: 'integer', minimum: 1 },
        timeZone: text(64),
        week: {
          type: 'array',
          items: {
            type: 'array',
            items: object({ startMinute: { type: 'integer' }, endMinute: { type: 'integer' } }, [
              'startMinute',
              'endMinute',
            ]),
          },
        },
        holidays: {
          type: 'array',
          items: object({ name: text(), from: text(10), to: text(10) }, ['name', 'from', 'to']),
        },
      },
      ['calendarId', 'version', 'timeZone', 'week', 'holidays'],
    ),
    targets: object({ firstResponse: minutes, nextResponse: minutes, resolution: minutes }, []),
    warnAtPercent: { type: 'integer', minimum: 1, maximum: 99 },
    pausedStatuses: {
      type: 'array',
      items: enumOf(['waiting_on_customer', 'waiting_on_third_party']),
    },
    match: object(
      {
        priorities: { type: 'array', items: enumOf(PRIORITIES) },
        types: { type: 'array', items: enumOf(['question', 'incident', 'complaint']) },
        tags,
      },
      [],
    ),
    escalation: {
      type: 'array',
      maxItems: 10,
      items: object(
        {
          afterMinutes: { type: 'integer', minimum: 0 },
          notify: { type: 'array', items: recipient },
          reassignTo: assignee,
          raisePriority: { type: 'boolean' },
        },
        ['afterMinutes'],
      ),
    },
  },
  ['policyId', 'version', 'calendar', 'targets', 'warnAtPercent', 'pausedStatuses', 'match'],
);

const v1 = serviceDeskContractOf({
  properties: { ticketId: id, at: instant },
  example: { ticketId: TICKET, at: AT },
});

export const SERVICE_DESK_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'TicketOpened',
    'A ticket was opened from a channel (e-mail, web form, chat, phone, social, API), linked to a customer when one was recognised.',
    {
      channel: enumOf(['email', 'web_form', 'chat', 'phone', 'social', 'api']),
      subject: text(500),
      body,
      requesterEmail: personal({ type: 'string', pattern: '^[^\\s@]+@[^\\s@]+$', maxLength: 320 }),
      customerId: id,
      priority: enumOf(['low', 'normal', 'high', 'urgent']),
      type: enumOf(['question', 'incident', 'complaint']),
      tags,
      mail,
      dataSubjectId: id,
    },
    ['channel', 'subject', 'body', 'priority', 'type', 'tags', 'dataSubjectId'],
    {
      channel: 'email',
      subject: 'Broken vase',
      body: 'It arrived broken.',
      priority: 'normal',
      type: 'complaint',
      tags: [],
      dataSubjectId: TICKET,
    },
  ),
  v1(
    'SlaPolicyApplied',
    "The SLA policy the ticket's clocks run under from this instant; business time already used carries over.",
    { policy: slaPolicy, reason: enumOf(['opened', 'priority_changed', 'reclassified']) },
    ['policy', 'reason'],
    {
      reason: 'opened',
      policy: {
        policyId: 'standard',
        version: 1,
        calendar: {
          calendarId: 'office',
          version: 1,
          timeZone: 'Europe/Paris',
          week: [[], [{ startMinute: 540, endMinute: 1020 }]],
          holidays: [],
        },
        targets: { firstResponse: 240, resolution: 960 },
        warnAtPercent: 80,
        pausedStatuses: ['waiting_on_customer'],
        match: {},
      },
    },
  ),
  v1(
    'TicketAssigned',
    'The ticket was assigned to an agent (and team).',
    { agentId: id, teamId: id },
    ['agentId'],
    { agentId: 'agent-1' },
  ),
  v1(
    'TicketStatusChanged',
    'The ticket moved in its status machine.',
    { from: enumOf(STATUSES), to: enumOf(STATUSES) },
    ['from', 'to'],
    { from: 'new', to: 'assigned' },
  ),
  v1(
    'AgentReplied',
    'An agent sent a public reply to the customer.',
    { agentId: id, body, mail, dataSubjectId: id },
    ['agentId', 'body', 'dataSubjectId'],
    { agentId: 'agent-1', body: 'We are on it.', dataSubjectId: TICKET },
  ),
  v1(
    'InternalNoteAdded',
    'An agent added a note visible to agents only.',
    { agentId: id, body, dataSubjectId: id },
    ['agentId', 'body', 'dataSubjectId'],
    { agentId: 'agent-1', body: 'VIP customer.', dataSubjectId: TICKET },
  ),
  v1(
    'CustomerMessageReceived',
    'The customer wrote again (e-mail, or a chat/phone message logged by an agent).',
    { body, mail, dataSubjectId: id },
    ['body', 'dataSubjectId'],
    { body: 'Any news?', dataSubjectId: TICKET },
  ),
  v1(
    'TicketPriorityChanged',
    'The priority changed (a new SLA policy follows when it matches another).',
    { priority: enumOf(['low', 'normal', 'high', 'urgent']) },
    ['priority'],
    { priority: 'urgent' },
  ),
  v1(
    'TicketClassified',
    'The ticket type and tags were set.',
    { type: enumOf(['question', 'incident', 'complaint']), tags },
    ['type', 'tags'],
    { type: 'complaint', tags: ['delivery'] },
  ),
  v1(
    'ComplaintAnalysed',
    'The root cause and remedy of a complaint were recorded.',
    { rootCause: text(5000), remedy: text(5000) },
    ['rootCause', 'remedy'],
    { rootCause: 'Packaging', remedy: 'Replacement sent' },
  ),
  v1('TicketResolved', 'The ticket was resolved.', { resolution: text(5000) }, ['resolution'], {
    resolution: 'Replacement sent',
  }),
  v1(
    'TicketClosed',
    'The resolved ticket was closed; a new message opens a new ticket.',
    {},
    [],
    {},
  ),
  v1('TicketReopened', 'A resolved ticket was reopened within the reopen window.', {}, [], {}),
  v1('CustomerLinked', 'The ticket was linked to a customer.', { customerId: id }, ['customerId'], {
    customerId: '0190a000-0000-7000-8000-000000000002',
  }),
  v1(
    'AutoReplySent',
    'The automatic reply to an inbound mail went out with these knowledge-base articles (before any person answered).',
    {
      articles: {
        type: 'array',
        maxItems: 50,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['articleId', 'locale'],
          properties: { articleId: id, locale: { type: 'string', minLength: 1, maxLength: 35 } },
        },
      },
      messageId: { type: 'string', minLength: 1, maxLength: 998 },
    },
    ['articles', 'messageId'],
    {
      articles: [{ articleId: 'kb-reset-password', locale: 'en' }],
      messageId: '<ticket-0190a000.0190a001@desk.example>',
    },
  ),
  v1(
    'SlaWarningReached',
    'A milestone used the warning share of its target.',
    { milestone: enumOf(MILESTONES), dueAt: instant, cycleStartedAt: instant },
    ['milestone', 'dueAt', 'cycleStartedAt'],
    { milestone: 'resolution', dueAt: '2026-12-08T16:00:00.000Z', cycleStartedAt: AT },
  ),
  v1(
    'SlaBreached',
    'A milestone used its whole target before it was met.',
    { milestone: enumOf(MILESTONES), breachedAt: instant, cycleStartedAt: instant },
    ['milestone', 'breachedAt', 'cycleStartedAt'],
    { milestone: 'firstResponse', breachedAt: '2026-12-07T12:00:00.000Z', cycleStartedAt: AT },
  ),
  v1(
    'CsatAnswered',
    'The customer answered the satisfaction survey of one resolution (1 very unhappy to 5 very happy), credited to the agent and team who held the ticket.',
    {
      surveyId: instant,
      score: { type: 'integer', minimum: 1, maximum: 5 },
      comment: personal({ type: 'string', minLength: 1, maxLength: 2000 }),
      dataSubjectId: id,
      agentId: id,
      teamId: id,
    },
    ['surveyId', 'score', 'dataSubjectId'],
    { surveyId: AT, score: 5, agentId: 'agent-1', teamId: 'desk-a', dataSubjectId: TICKET },
  ),
  v1(
    'SlaEscalated',
    'A level of the escalation ladder ran for a breached milestone: whom it notifies (with the agent and team then holding the ticket), and the reassignment or raised priority it caused (their own events follow).',
    {
      milestone: enumOf(MILESTONES),
      level: { type: 'integer', minimum: 1 },
      cycleStartedAt: instant,
      notify: { type: 'array', items: recipient },
      agentId: id,
      teamId: id,
      reassignedTo: assignee,
      priorityRaisedTo: enumOf(PRIORITIES),
    },
    ['milestone', 'level', 'cycleStartedAt', 'notify'],
    {
      milestone: 'resolution',
      level: 1,
      cycleStartedAt: AT,
      notify: ['assignee', 'team_lead'],
      agentId: 'agent-1',
      teamId: 'desk-a',
    },
  ),
  v1(
    'DuplicateTicketMerged',
    "The ticket took a duplicate: the duplicate's mail thread (answers to it land here), its customer when this ticket had none, and the tags after the merge. The duplicate's conversation stays in its own stream, named here.",
    {
      duplicateTicketId: id,
      messageIds: { type: 'array', items: text(998), maxItems: 10_000 },
      customerId: id,
      tags,
    },
    ['duplicateTicketId', 'messageIds', 'tags'],
    { duplicateTicketId: 'T-0190a000-0000-7000-8000-000000000009', messageIds: [], tags: [] },
  ),
  v1(
    'TicketMerged',
    'The ticket was a duplicate: it is closed and points at the ticket that carries on.',
    { intoTicketId: id },
    ['intoTicketId'],
    { intoTicketId: 'T-0190a000-0000-7000-8000-000000000009' },
  ),
];

export const serviceDeskContracts: ContextContracts = {
  context: 'service-desk',
  description:
    'Tickets, complaints, SLA clocks, the knowledge base and satisfaction surveys of the service desk.',
  events: [
    ...SERVICE_DESK_EVENT_CONTRACTS,
    ...KNOWLEDGE_BASE_EVENT_CONTRACTS,
    ...NPS_EVENT_CONTRACTS,
    ...ROUTING_EVENT_CONTRACTS,
    ...CARE_EVENT_CONTRACTS,
  ],
  inbound: SERVICE_DESK_INBOUND_TOPICS,
};
