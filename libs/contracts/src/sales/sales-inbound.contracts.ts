// Lead capture from Kafka and team routing. Integrations (web forms, ad platforms, partner
// systems) publish plain JSON leads to the inbound topic `crm.sales.inbound-leads` (key: the
// message id; header `tenantId`, or the field). services/sales stores each message once per
// message id as sales.InboundLeadReceived (payload encrypted under the lead's key, since it holds
// the contact), then captures it; a message that breaks the schema below is parked with the reason,
// never lost. Teams (roster, strategy) route captured leads: sales.LeadRouted says who took a lead
// or why nobody could.
import type { EventContract, InboundTopicContract, JsonSchema } from '../event-contract';
import {
  enumOf,
  id,
  instant,
  nullable,
  object,
  personal,
  text,
} from '../customers/customers-schema-parts';
import { ASSIGNMENT_FAILURE_REASONS, ASSIGNMENT_STRATEGIES, v1 } from './sales-pipeline.contracts';

export const SALES_INBOUND_LEADS_TOPIC = 'crm.sales.inbound-leads';
/** Largest inbound message kept (bytes of its JSON text). */
export const SALES_INBOUND_MAX_BYTES = 16_384;

const LEAD = '0190b000-0000-7000-8000-0000000000b1';
const AT = '2024-05-01T08:00:00.000Z';

/** What an integration publishes (the lead's fields as CaptureLead takes them). */
export const INBOUND_LEAD_MESSAGE_SCHEMA: JsonSchema = {
  $id: 'crm.sales.inbound-leads',
  ...object(
    {
      messageId: text(200),
      tenantId: text(200),
      contact: object({ name: text(), email: text(320), phone: text(40) }, ['name']),
      companyName: text(),
      teamId: id,
      fields: {
        type: 'object',
        maxProperties: 20,
        additionalProperties: { type: 'string', maxLength: 200 },
      },
    },
    ['messageId', 'contact', 'teamId'],
  ),
};

export const INBOUND_LEAD_EXAMPLE = {
  messageId: 'webform-2024-05-01-0001',
  tenantId: 'tenant-a',
  contact: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
  companyName: 'Analytical Engines Ltd',
  teamId: 'team-emea',
  fields: { country: 'GB', product: 'engines' },
};

export const SALES_INBOUND_TOPICS: readonly InboundTopicContract[] = [
  {
    topic: SALES_INBOUND_LEADS_TOPIC,
    description:
      'Leads published by integrations (web forms, ad platforms, partners) for the sales context to capture. ' +
      'Key: the messageId; header or field tenantId. Captured once per messageId, scored and routed to the ' +
      'team named (its strategy assigns a rep, or sales.LeadAssignmentFailed says why nobody could); a duplicate ' +
      'of an open lead with the same e-mail is captured and flagged. Malformed messages are parked, not lost.',
    messageSchema: INBOUND_LEAD_MESSAGE_SCHEMA,
    example: INBOUND_LEAD_EXAMPLE,
  },
];

const rep: JsonSchema = object(
  {
    repId: id,
    capacity: { type: 'integer', minimum: 1, maximum: 100_000 },
    absent: { type: 'boolean' },
    optedOut: { type: 'boolean' },
    territories: { type: 'array', maxItems: 200, items: text(200) },
  },
  ['repId', 'capacity', 'absent', 'optedOut'],
);
const rule: JsonSchema = object(
  {
    field: text(64),
    equals: text(200),
    repIds: { type: 'array', minItems: 1, maxItems: 200, items: id },
  },
  ['field', 'equals', 'repIds'],
);

export const SALES_INBOUND_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'InboundLeadReceived',
    'A message of the inbound leads topic, kept verbatim once per message id (its payload is personal data under the lead’s key) before it is captured.',
    object(
      {
        messageId: text(200),
        leadId: id,
        topic: text(249),
        partition: { type: 'integer', minimum: 0 },
        offset: text(40),
        payload: personal(text(SALES_INBOUND_MAX_BYTES)),
        receivedAt: instant,
      },
      ['messageId', 'leadId', 'topic', 'partition', 'offset', 'payload', 'receivedAt'],
    ),
    {
      messageId: 'webform-2024-05-01-0001',
      leadId: LEAD,
      topic: SALES_INBOUND_LEADS_TOPIC,
      partition: 0,
      offset: '42',
      payload: JSON.stringify(INBOUND_LEAD_EXAMPLE),
      receivedAt: AT,
    },
  ),
  v1(
    'SalesTeamDefined',
    'A sales team’s roster (capacity, absence, opt-out per rep), assignment strategy and rules were (re)defined, with the pipeline it works by default (absent: `default`).',
    object(
      {
        teamId: id,
        strategy: enumOf(ASSIGNMENT_STRATEGIES),
        reps: { type: 'array', maxItems: 500, items: rep },
        rules: { type: 'array', maxItems: 100, items: rule },
        territoryField: text(64),
        pipelineId: id,
        definedBy: id,
        definedAt: instant,
      },
      ['teamId', 'strategy', 'reps', 'rules', 'definedBy', 'definedAt'],
    ),
    {
      teamId: 'team-emea',
      strategy: 'round_robin',
      reps: [{ repId: 'rep-1', capacity: 50, absent: false, optedOut: false }],
      rules: [],
      definedBy: 'manager-1',
      definedAt: AT,
    },
  ),
  v1(
    'LeadRouted',
    'A captured lead went through its team’s strategy: the rep who takes it, or null with the reason nobody could.',
    object(
      {
        teamId: id,
        leadId: id,
        strategy: enumOf(ASSIGNMENT_STRATEGIES),
        repId: nullable(id),
        failureReason: enumOf(ASSIGNMENT_FAILURE_REASONS),
        routedAt: instant,
      },
      ['teamId', 'leadId', 'strategy', 'repId', 'routedAt'],
    ),
    {
      teamId: 'team-emea',
      leadId: LEAD,
      strategy: 'round_robin',
      repId: 'rep-1',
      routedAt: AT,
    },
  ),
  v1(
    'LeadReleased',
    'A lead the team routed to a rep closed (qualified, disqualified, converted or erased): it no longer counts in that rep’s load (ADR 0443). Once per lead.',
    object(
      {
        teamId: id,
        leadId: id,
        repId: id,
        reason: enumOf(['qualified', 'disqualified', 'converted', 'erased', 'reassigned']),
        releasedAt: instant,
      },
      ['teamId', 'leadId', 'repId', 'reason', 'releasedAt'],
    ),
    { teamId: 'team-emea', leadId: LEAD, repId: 'rep-1', reason: 'converted', releasedAt: AT },
  ),
  v1(
    'LeadDuplicateDetected',
    'A captured lead has the same e-mail as an earlier lead of the tenant (compared by a keyed digest, never in clear); customerId names the customer that lead was converted into (a known customer).',
    object(
      {
        leadId: id,
        duplicateOfLeadId: id,
        customerId: id,
        matchedOn: enumOf(['email']),
        detectedAt: instant,
      },
      ['leadId', 'duplicateOfLeadId', 'matchedOn', 'detectedAt'],
    ),
    {
      leadId: LEAD,
      duplicateOfLeadId: '0190b000-0000-7000-8000-0000000000b2',
      matchedOn: 'email',
      detectedAt: AT,
    },
  ),
  v1(
    'LeadCustomerMatched',
    'A captured lead has the e-mail or phone of a customer of the customers context (compared by a keyed digest of the customers’ public contact events, never in clear; erased customers are not matched).',
    object(
      {
        leadId: id,
        customerId: id,
        matchedOn: enumOf(['email', 'phone']),
        detectedAt: instant,
      },
      ['leadId', 'customerId', 'matchedOn', 'detectedAt'],
    ),
    {
      leadId: LEAD,
      customerId: '0190b000-0000-7000-8000-0000000000c1',
      matchedOn: 'email',
      detectedAt: AT,
    },
  ),
];
