// Public contracts of lead scoring: engagements, scores (with the model version, the inputs and
// every factor's contribution) and the tenant's scoring model. No personal data: attributes are
// facts such as "has an e-mail address" (yes/no), never the address.
import type { EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, object, text } from '../customers/customers-schema-parts';
import { v1 } from './sales-pipeline.contracts';

const LEAD = '0190b000-0000-7000-8000-0000000000b1';
const AT = '2024-05-01T08:00:00.000Z';
const ENGAGEMENT_KINDS = [
  'email_opened',
  'link_clicked',
  'site_visit',
  'form_submitted',
  'meeting_attended',
] as const;
const ATTRIBUTES = ['source', 'company', 'email', 'phone'] as const;
const number: JsonSchema = { type: 'number' };
const version: JsonSchema = { type: 'integer', minimum: 0 };
const value = text(64);
const attributes = object({ source: value, company: value, email: value, phone: value }, [
  ...ATTRIBUTES,
]);
const fitRule = object({ attribute: enumOf(ATTRIBUTES), equals: value, points: number }, [
  'attribute',
  'equals',
  'points',
]);
const array = (items: JsonSchema, maxItems = 500): JsonSchema => ({
  type: 'array',
  maxItems,
  items,
});
const engagementPoints = object(Object.fromEntries(ENGAGEMENT_KINDS.map((k) => [k, number])), [
  ...ENGAGEMENT_KINDS,
]);
const exampleAttributes = { source: 'web_form', company: 'yes', email: 'yes', phone: 'no' };
const exampleModel = {
  version: 1,
  fitRules: [{ attribute: 'company', equals: 'yes', points: 20 }],
  engagementPoints: {
    email_opened: 2,
    link_clicked: 5,
    site_visit: 3,
    form_submitted: 10,
    meeting_attended: 25,
  },
  halfLifeDays: 14,
};

export const SALES_SCORING_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'LeadEngagementRecorded',
    'A lead engaged (opened an e-mail, visited the site, submitted a form, attended a meeting); engagement points decay with time.',
    object(
      { leadId: id, kind: enumOf(ENGAGEMENT_KINDS), occurredAt: instant, recordedAt: instant },
      ['leadId', 'kind', 'occurredAt', 'recordedAt'],
    ),
    { leadId: LEAD, kind: 'site_visit', occurredAt: AT, recordedAt: AT },
  ),
  v1(
    'LeadScored',
    'A lead was scored: fit points (rules), decayed engagement points and a naive Bayes win probability (percent) learned from the won/lost history of `pipelineId` (absent before ADR 0480: the tenant’s whole history), with the model version, the inputs and every factor’s contribution.',
    object(
      {
        leadId: id,
        modelVersion: version,
        pipelineId: id,
        score: number,
        fitPoints: number,
        engagementPoints: number,
        winProbability: { type: 'number', minimum: 0, maximum: 100 },
        fitFactors: array(fitRule),
        engagementFactors: array(
          object(
            { kind: enumOf(ENGAGEMENT_KINDS), at: instant, points: number, decayedPoints: number },
            ['kind', 'at', 'points', 'decayedPoints'],
          ),
          10_000,
        ),
        winFactors: array(
          object({ attribute: enumOf(ATTRIBUTES), value, logOdds: number }, [
            'attribute',
            'value',
            'logOdds',
          ]),
        ),
        priorLogOdds: number,
        inputs: object(
          {
            attributes,
            historyWon: { type: 'integer', minimum: 0 },
            historyLost: { type: 'integer', minimum: 0 },
          },
          ['attributes', 'historyWon', 'historyLost'],
        ),
        scoredAt: instant,
      },
      [
        'leadId',
        'modelVersion',
        'score',
        'fitPoints',
        'engagementPoints',
        'winProbability',
        'fitFactors',
        'engagementFactors',
        'winFactors',
        'priorLogOdds',
        'inputs',
        'scoredAt',
      ],
    ),
    {
      leadId: LEAD,
      modelVersion: 1,
      pipelineId: 'default',
      score: 25,
      fitPoints: 20,
      engagementPoints: 5,
      winProbability: 75,
      fitFactors: [{ attribute: 'company', equals: 'yes', points: 20 }],
      engagementFactors: [{ kind: 'form_submitted', at: AT, points: 10, decayedPoints: 5 }],
      winFactors: [{ attribute: 'source', value: 'web_form', logOdds: 1.0986 }],
      priorLogOdds: 0,
      inputs: { attributes: exampleAttributes, historyWon: 2, historyLost: 2 },
      scoredAt: AT,
    },
  ),
  v1(
    'LeadScoringModelDefined',
    'The tenant declared a new version of its lead scoring model: fit rules, engagement points and their half-life.',
    object(
      {
        version: { type: 'integer', minimum: 1 },
        fitRules: array(fitRule, 100),
        engagementPoints,
        halfLifeDays: { type: 'number', exclusiveMinimum: 0, maximum: 3650 },
        definedAt: instant,
      },
      ['version', 'fitRules', 'engagementPoints', 'halfLifeDays', 'definedAt'],
    ),
    { ...exampleModel, definedAt: AT },
  ),
];

const FORECAST = '0190b000-0000-7000-8000-0000000000f1';

/** Forecast submissions: the owner's call for a period and managers' adjustments, with notes. */
export const SALES_FORECAST_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'ForecastSubmitted',
    'An owner submitted their forecast for a period (a quarter 2027-Q1 or a month 2027-03); every submission is kept as history.',
    object(
      {
        forecastId: id,
        period: { type: 'string', pattern: '^\\d{4}-(Q[1-4]|0[1-9]|1[0-2])$' },
        ownerId: id,
        teamId: { anyOf: [id, { type: 'null' }] },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        amount: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
        note: text(500),
        submittedAt: instant,
      },
      ['forecastId', 'period', 'ownerId', 'teamId', 'currency', 'amount', 'submittedAt'],
    ),
    {
      forecastId: FORECAST,
      period: '2027-Q1',
      ownerId: 'rep-1',
      teamId: 'team-emea',
      currency: 'EUR',
      amount: '12000.00',
      submittedAt: AT,
    },
  ),
  v1(
    'ForecastAdjusted',
    'A manager adjusted an owner’s submitted forecast, with a note.',
    object(
      {
        forecastId: id,
        amount: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
        note: text(500),
        adjustedBy: id,
        adjustedAt: instant,
      },
      ['forecastId', 'amount', 'note', 'adjustedBy', 'adjustedAt'],
    ),
    {
      forecastId: FORECAST,
      amount: '10000.00',
      note: 'One deal slips',
      adjustedBy: 'mgr-1',
      adjustedAt: AT,
    },
  ),
];
