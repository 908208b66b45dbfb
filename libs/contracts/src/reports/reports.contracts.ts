// Public contracts of the Reports context (topic crm.reports.events): alerts about the figures
// themselves. Streams are `reports.AlertRules-<tenantId>` (the tenant's threshold rules) and
// `reports.Alerts-<tenantId>` (what the scheduled checks found), and `reports.ExchangeRates-<tenantId>`
// (the reporting currency and the rates the tenant entered). Nothing personal: datasets, report
// names, counts, positions and rates only. ADRs 0232 and 0234.
import type { ContextContracts, EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, object, text } from '../customers/customers-schema-parts';

const AT = '2026-06-02T03:00:00.000Z';
const count: JsonSchema = { type: 'integer', minimum: 0 };
const figure: JsonSchema = { type: 'number' };
const CURRENCY: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
export const THRESHOLD_COMPARISONS = ['below', 'above'] as const;

const rule = {
  ruleId: id,
  pack: text(64),
  report: text(64),
  measure: text(64),
  comparison: enumOf(THRESHOLD_COMPARISONS),
  threshold: figure,
};
const ruleRequired = ['ruleId', 'pack', 'report', 'measure', 'comparison', 'threshold'];
const RULE_EXAMPLE = {
  ruleId: 'sla-met',
  pack: 'serviceDesk',
  report: 'slaAndResolution',
  measure: 'slaMet',
  comparison: 'below',
  threshold: 90,
};

export const REPORTS_EVENT_CONTRACTS: readonly EventContract[] = [
  {
    type: 'reports.ReportThresholdRuleSet',
    schemaVersion: 1,
    description:
      'A tenant admin set (or replaced, by rule id) a threshold on a standard report’s total, e.g. SLA met % below 90; it is evaluated hourly.',
    dataSchema: object(rule, ruleRequired),
    examples: [RULE_EXAMPLE],
  },
  {
    type: 'reports.ReportThresholdRuleRemoved',
    schemaVersion: 1,
    description: 'A tenant admin removed a threshold rule; it is no longer evaluated.',
    dataSchema: object({ ruleId: id }, ['ruleId']),
    examples: [{ ruleId: 'sla-met' }],
  },
  {
    type: 'reports.ReportThresholdBreached',
    schemaVersion: 1,
    description:
      'A scheduled evaluation found a standard report’s total on the wrong side of a threshold rule (value null never breaches).',
    dataSchema: object({ ...rule, value: figure, evaluatedAt: instant, eventsBehind: count }, [
      ...ruleRequired,
      'value',
      'evaluatedAt',
      'eventsBehind',
    ]),
    examples: [{ ...RULE_EXAMPLE, value: 84.5, evaluatedAt: AT, eventsBehind: 0 }],
  },
  {
    type: 'reports.ReadModelMismatchFound',
    schemaVersion: 1,
    description:
      'The daily reconciliation counted, for one dataset of the tenant, read-model rows outside the range of streams the event store holds between the read model’s checkpoint and the store head.',
    dataSchema: object(
      {
        dataset: text(64),
        readModelRows: count,
        storeStreamsAtCheckpoint: count,
        storeStreamsAtHead: count,
        checkpoint: count,
        head: count,
        checkedAt: instant,
      },
      [
        'dataset',
        'readModelRows',
        'storeStreamsAtCheckpoint',
        'storeStreamsAtHead',
        'checkpoint',
        'head',
        'checkedAt',
      ],
    ),
    examples: [
      {
        dataset: 'leads',
        readModelRows: 2,
        storeStreamsAtCheckpoint: 3,
        storeStreamsAtHead: 3,
        checkpoint: 120,
        head: 125,
        checkedAt: AT,
      },
    ],
  },
  {
    type: 'reports.ReportingCurrencySet',
    schemaVersion: 1,
    description:
      'A tenant admin chose the currency reports convert amounts into; only rates towards it are used from then on.',
    dataSchema: object({ currency: CURRENCY }, ['currency']),
    examples: [{ currency: 'EUR' }],
  },
  {
    type: 'reports.ExchangeRateSet',
    schemaVersion: 1,
    description:
      'A tenant admin entered a rate: `rate` units of the reporting currency buy one unit of `currency`, from `effectiveFrom` on (until a later rate). Amounts convert at the rate in force when their event happened.',
    dataSchema: object(
      {
        currency: CURRENCY,
        reportingCurrency: CURRENCY,
        rate: { type: 'number', exclusiveMinimum: 0 },
        effectiveFrom: instant,
      },
      ['currency', 'reportingCurrency', 'rate', 'effectiveFrom'],
    ),
    examples: [
      {
        currency: 'USD',
        reportingCurrency: 'EUR',
        rate: 0.92,
        effectiveFrom: '2026-06-01T00:00:00.000Z',
      },
    ],
  },
];

export const reportsContracts: ContextContracts = {
  context: 'reports',
  description:
    'Reports: threshold rules a tenant sets on standard reports, the alerts of the scheduled checks (threshold breached, read model disagreeing with the event store), and the exchange rates reports convert amounts with.',
  events: REPORTS_EVENT_CONTRACTS,
};
