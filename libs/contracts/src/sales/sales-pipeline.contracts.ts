// Public contracts of leads, opportunities and order attribution (added beside the order lifecycle
// v1 of sales.contracts.ts, which they leave untouched). A lead's contact is personal data encrypted
// under the lead's own subject key (sales.personal-data.ts): on the topic it is ciphertext or
// "[erased]". Owner and team ids are user and team ids (record scope), never personal data.
import type { EventContract, JsonSchema } from '../event-contract';
import {
  calendarDate,
  enumOf,
  id,
  instant,
  nullable,
  object,
  personal,
  text,
} from '../customers/customers-schema-parts';
import { currency, money } from './sales-schema-parts';

const LEAD = '0190b000-0000-7000-8000-0000000000b1';
const OPPORTUNITY = '0190b000-0000-7000-8000-0000000000c1';
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';
const AT = '2024-05-01T08:00:00.000Z';

const owner = nullable(id);
const LEAD_SOURCES = ['web_form', 'import', 'api', 'kafka'] as const;
export const ASSIGNMENT_STRATEGIES = [
  'round_robin',
  'weighted',
  'rules',
  'territory',
  'sticky',
] as const;
export const ASSIGNMENT_FAILURE_REASONS = [
  'no_reps_in_team',
  'all_reps_unavailable',
  'all_at_capacity',
  'no_rule_matched',
  'no_territory_matched',
] as const;
const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
const probability: JsonSchema = { type: 'integer', minimum: 0, maximum: 100 };
const forecastCategory = enumOf(FORECAST_CATEGORIES);

export function v1(
  type: string,
  description: string,
  dataSchema: JsonSchema,
  example: unknown,
): EventContract {
  return { type: `sales.${type}`, schemaVersion: 1, description, dataSchema, examples: [example] };
}

export const SALES_PIPELINE_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'LeadCaptured',
    'A lead came in (web form, import, API or the inbound Kafka topic). Its contact is personal data under the lead’s own key.',
    object(
      {
        leadId: id,
        source: enumOf(LEAD_SOURCES),
        contact: object(
          { name: personal(text()), email: personal(text(320)), phone: personal(text(40)) },
          ['name'],
        ),
        companyName: text(),
        ownerId: owner,
        teamId: owner,
        capturedAt: instant,
      },
      ['leadId', 'source', 'contact', 'ownerId', 'teamId', 'capturedAt'],
    ),
    {
      leadId: LEAD,
      source: 'web_form',
      contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
      companyName: 'Analytical Engines',
      ownerId: null,
      teamId: 'team-emea',
      capturedAt: AT,
    },
  ),
  v1(
    'LeadAssigned',
    'A lead got an owner: chosen by a person (manual) or by the team’s assignment strategy.',
    object(
      {
        leadId: id,
        ownerId: id,
        teamId: owner,
        strategy: enumOf([...ASSIGNMENT_STRATEGIES, 'manual']),
        assignedAt: instant,
      },
      ['leadId', 'ownerId', 'teamId', 'strategy', 'assignedAt'],
    ),
    { leadId: LEAD, ownerId: 'user-7', teamId: 'team-emea', strategy: 'manual', assignedAt: AT },
  ),
  v1(
    'LeadAssignmentFailed',
    'Nobody in the team could take the lead (everyone absent, opted out or at capacity, or no rule matched): the reason says which.',
    object(
      {
        leadId: id,
        teamId: id,
        strategy: enumOf(ASSIGNMENT_STRATEGIES),
        reason: enumOf(ASSIGNMENT_FAILURE_REASONS),
        failedAt: instant,
      },
      ['leadId', 'teamId', 'strategy', 'reason', 'failedAt'],
    ),
    {
      leadId: LEAD,
      teamId: 'team-emea',
      strategy: 'round_robin',
      reason: 'all_reps_unavailable',
      failedAt: AT,
    },
  ),
  v1(
    'LeadQualified',
    'A lead was qualified: worth pursuing.',
    object({ leadId: id, note: text(500), qualifiedAt: instant }, ['leadId', 'qualifiedAt']),
    { leadId: LEAD, qualifiedAt: AT },
  ),
  v1(
    'LeadFollowUpScheduled',
    'The lead’s owner is to follow it up at dueAt, with an optional note; a durable timer reminds them then (ADR 0383).',
    object({ leadId: id, dueAt: instant, note: text(500), scheduledAt: instant }, [
      'leadId',
      'dueAt',
      'scheduledAt',
    ]),
    { leadId: LEAD, dueAt: AT, note: 'Call back after the trade fair', scheduledAt: AT },
  ),
  v1(
    'LeadFollowUpDue',
    'A lead’s follow-up fell due (timer) while it was still open or qualified: its owner should act.',
    object({ leadId: id, dueAt: instant, ownerId: nullable(id), remindedAt: instant }, [
      'leadId',
      'dueAt',
      'ownerId',
      'remindedAt',
    ]),
    { leadId: LEAD, dueAt: AT, ownerId: 'rep-1', remindedAt: AT },
  ),
  v1(
    'LeadDisqualified',
    'A lead was disqualified, with the reason.',
    object({ leadId: id, reason: text(500), disqualifiedAt: instant }, [
      'leadId',
      'reason',
      'disqualifiedAt',
    ]),
    { leadId: LEAD, reason: 'no budget this year', disqualifiedAt: AT },
  ),
  v1(
    'LeadConverted',
    'A lead became a customer (customers context) and an opportunity; converting again is refused.',
    object({ leadId: id, customerId: id, opportunityId: id, convertedAt: instant }, [
      'leadId',
      'customerId',
      'opportunityId',
      'convertedAt',
    ]),
    { leadId: LEAD, customerId: CUSTOMER, opportunityId: OPPORTUNITY, convertedAt: AT },
  ),
  v1(
    'OpportunityOpened',
    'An opportunity was opened in a stage of a pipeline, with its amount, expected close date, owner and team.',
    object(
      {
        opportunityId: id,
        name: text(),
        customerId: id,
        leadId: id,
        pipelineId: id,
        stageId: id,
        probability,
        forecastCategory,
        amount: money,
        currency,
        expectedCloseOn: calendarDate,
        ownerId: owner,
        teamId: owner,
        openedAt: instant,
      },
      [
        'opportunityId',
        'name',
        'customerId',
        'pipelineId',
        'stageId',
        'probability',
        'forecastCategory',
        'amount',
        'currency',
        'expectedCloseOn',
        'ownerId',
        'teamId',
        'openedAt',
      ],
    ),
    {
      opportunityId: OPPORTUNITY,
      name: 'Engines for Analytical',
      customerId: CUSTOMER,
      leadId: LEAD,
      pipelineId: 'default',
      stageId: 'new',
      probability: 10,
      forecastCategory: 'pipeline',
      amount: '12500.00',
      currency: 'EUR',
      expectedCloseOn: '2024-06-30',
      ownerId: 'user-7',
      teamId: 'team-emea',
      openedAt: AT,
    },
  ),
  v1(
    'OpportunityStageChanged',
    'An open opportunity moved to another stage; the time it spent in the previous stage is recorded.',
    object(
      {
        opportunityId: id,
        fromStageId: id,
        stageId: id,
        probability,
        forecastCategory,
        msInPreviousStage: { type: 'integer', minimum: 0 },
        changedAt: instant,
      },
      [
        'opportunityId',
        'fromStageId',
        'stageId',
        'probability',
        'forecastCategory',
        'msInPreviousStage',
        'changedAt',
      ],
    ),
    {
      opportunityId: OPPORTUNITY,
      fromStageId: 'new',
      stageId: 'proposal',
      probability: 50,
      forecastCategory: 'best_case',
      msInPreviousStage: 86400000,
      changedAt: AT,
    },
  ),
  v1(
    'OpportunityWon',
    'An opportunity was won, from the stage it was in, for its amount.',
    object(
      {
        opportunityId: id,
        customerId: id,
        fromStageId: id,
        amount: money,
        currency,
        wonAt: instant,
      },
      ['opportunityId', 'customerId', 'fromStageId', 'amount', 'currency', 'wonAt'],
    ),
    {
      opportunityId: OPPORTUNITY,
      customerId: CUSTOMER,
      fromStageId: 'negotiation',
      amount: '12500.00',
      currency: 'EUR',
      wonAt: AT,
    },
  ),
  v1(
    'OpportunityLost',
    'An opportunity was lost, with the (mandatory) reason.',
    object({ opportunityId: id, fromStageId: id, reason: text(500), lostAt: instant }, [
      'opportunityId',
      'fromStageId',
      'reason',
      'lostAt',
    ]),
    { opportunityId: OPPORTUNITY, fromStageId: 'proposal', reason: 'price', lostAt: AT },
  ),
  v1(
    'OpportunityReopened',
    'A won or lost opportunity was reopened in the stage it was closed from.',
    object({ opportunityId: id, stageId: id, probability, forecastCategory, reopenedAt: instant }, [
      'opportunityId',
      'stageId',
      'probability',
      'forecastCategory',
      'reopenedAt',
    ]),
    {
      opportunityId: OPPORTUNITY,
      stageId: 'proposal',
      probability: 50,
      forecastCategory: 'best_case',
      reopenedAt: AT,
    },
  ),
  v1(
    'OrderAttributed',
    'Who an order counts for: the opportunity it came from (if any) and the owning rep and team. Appended with sales.OrderPlaced.',
    object({ orderId: id, opportunityId: id, ownerId: owner, teamId: owner }, [
      'orderId',
      'ownerId',
      'teamId',
    ]),
    {
      orderId: '0190b000-0000-7000-8000-0000000000a1',
      opportunityId: OPPORTUNITY,
      ownerId: 'user-7',
      teamId: 'team-emea',
    },
  ),
  v1(
    'LeadErased',
    'The lead’s personal data was crypto-shredded (its subject key deleted): its contact reads "[erased]" everywhere.',
    object({ leadId: id, reason: text(500), erasedAt: instant }, ['leadId', 'erasedAt']),
    { leadId: LEAD, reason: 'GDPR request', erasedAt: AT },
  ),
];
