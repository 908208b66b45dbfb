// Public contracts of the Marketing context (topic crm.marketing.events): segments, templates,
// campaigns with one delivery outcome per recipient, and unsubscribes. Streams are
// `marketing.Segment-<id>`, `marketing.Template-<id>`, `marketing.Campaign-<id>` and
// `marketing.Subscription-<customerId>`. No personal data: recipients are named by customer id.
import type { ContextContracts, EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, object, text } from '../customers/customers-schema-parts';
import { MARKETING_INBOUND_TOPICS } from './marketing-bounces.contracts';
import {
  MARKETING_DEFERRAL_REASONS,
  marketingJourneyEventContracts,
} from './marketing-journeys.contracts';

const count: JsonSchema = { type: 'integer', minimum: 0 };
const cutOffs: JsonSchema = {
  type: 'array',
  minItems: 4,
  maxItems: 4,
  items: { type: 'number', minimum: 0 },
};
/** The domain's TEMPLATE_LOCALES, SKIP_REASONS and MERGE_FIELDS (a unit test keeps them equal). */
export const MARKETING_LOCALES = ['en', 'zh-CN'] as const;
export const MARKETING_SKIP_REASONS = [
  'NO_CONSENT',
  'UNSUBSCRIBED',
  'NO_EMAIL',
  'MERGE_FIELD_MISSING',
  'FREQUENCY_CAP',
  'SUPPRESSED',
  'NO_ADDRESS',
  // The mail server refused the recipient at hand-off (SMTP 5xx): the address is suppressed.
  'REFUSED',
] as const;
/** The domain's MARKETING_CHANNELS. */
export const MARKETING_CHANNEL_NAMES = ['email', 'sms', 'push', 'social'] as const;
const hhmm: JsonSchema = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };
const localDay: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const capLimit: JsonSchema = {
  anyOf: [{ type: 'integer', minimum: 1, maximum: 10_000_000 }, { type: 'null' }],
};
export const MARKETING_MERGE_FIELDS = [
  'customer.firstName',
  'customer.lastName',
  'customer.companyName',
  'customer.region',
  'campaign.name',
  'unsubscribeUrl',
] as const;
/** The rule language of docs/marketing.md: and / or / not over typed field conditions. */
const rule: JsonSchema = { type: 'object', minProperties: 1 };
const templateVersion = object(
  { locale: enumOf(MARKETING_LOCALES), subject: text(300), body: text(100_000) },
  ['locale', 'subject', 'body'],
);
/** A campaign's A/B variants and how the winner is chosen (docs/marketing.md#ab-variants). */
const abTest = object(
  {
    variants: {
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: object({ variantId: id, templateId: id }, ['variantId', 'templateId']),
    },
    metric: enumOf(['opened', 'clicked', 'revenue']),
    confidence: { type: 'number', minimum: 0.8, maximum: 0.999 },
    testPercent: { type: 'integer', minimum: 1, maximum: 100 },
    minimumRecipients: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
  ['variants', 'metric', 'confidence', 'testPercent', 'minimumRecipients'],
);
const CAMPAIGN = 'spring-newsletter';
const AT = '2026-03-01T09:00:00.000Z';

export const MARKETING_EVENT_CONTRACTS: readonly EventContract[] = [
  {
    type: 'marketing.SegmentDefined',
    schemaVersion: 1,
    description: 'A segment was defined: its name and its rule over the customer profile.',
    dataSchema: object({ segmentId: id, name: text(200), rule, definedAt: instant }, [
      'segmentId',
      'name',
      'rule',
      'definedAt',
    ]),
    examples: [
      {
        segmentId: 'bavaria-email',
        name: 'Bavaria, e-mail consent',
        rule: { field: 'region', op: 'in', value: ['Bavaria'] },
        definedAt: AT,
      },
    ],
  },
  {
    type: 'marketing.SegmentRedefined',
    schemaVersion: 1,
    description: "A segment's rule was replaced.",
    dataSchema: object({ segmentId: id, rule, redefinedAt: instant }, [
      'segmentId',
      'rule',
      'redefinedAt',
    ]),
  },
  {
    type: 'marketing.TemplateCreated',
    schemaVersion: 1,
    description:
      'An e-mail template was created: a subject and an MJML body with Liquid merge fields per locale, and the ' +
      'fallback text of merge fields a recipient may lack.',
    dataSchema: object(
      {
        templateId: id,
        name: text(200),
        versions: {
          type: 'array',
          minItems: 1,
          maxItems: MARKETING_LOCALES.length,
          items: templateVersion,
        },
        fallbacks: {
          type: 'object',
          propertyNames: enumOf(MARKETING_MERGE_FIELDS),
          additionalProperties: text(200),
        },
        createdAt: instant,
      },
      ['templateId', 'name', 'versions', 'fallbacks', 'createdAt'],
    ),
  },
  {
    type: 'marketing.CampaignCreated',
    schemaVersion: 1,
    description:
      'A campaign was drafted: the segment it goes to, the template and locale it sends, and its A/B ' +
      'variants (each a template) with the metric and confidence that choose the winner, if any.',
    dataSchema: object(
      {
        campaignId: id,
        name: text(200),
        segmentId: id,
        templateId: id,
        locale: enumOf(MARKETING_LOCALES),
        abTest,
        channel: enumOf(MARKETING_CHANNEL_NAMES),
        createdAt: instant,
      },
      ['campaignId', 'name', 'segmentId', 'templateId', 'locale', 'createdAt'],
    ),
    examples: [
      {
        campaignId: CAMPAIGN,
        name: 'Spring newsletter',
        segmentId: 'bavaria-email',
        templateId: 'spring',
        locale: 'en',
        createdAt: AT,
      },
    ],
  },
  {
    type: 'marketing.CampaignScheduled',
    schemaVersion: 1,
    description: 'A campaign was scheduled to send at an instant.',
    dataSchema: object({ campaignId: id, sendAt: instant, scheduledAt: instant }, [
      'campaignId',
      'sendAt',
      'scheduledAt',
    ]),
  },
  {
    type: 'marketing.CampaignSendingStarted',
    schemaVersion: 1,
    description: "A campaign started sending to its segment's members at that moment.",
    dataSchema: object({ campaignId: id, audienceSize: count, startedAt: instant }, [
      'campaignId',
      'audienceSize',
      'startedAt',
    ]),
  },
  {
    type: 'marketing.CampaignMessageSent',
    schemaVersion: 1,
    description:
      'A campaign e-mail was handed to the mail server for one customer (once per customer).',
    dataSchema: object(
      {
        campaignId: id,
        customerId: id,
        messageId: text(300),
        variantId: id,
        channel: enumOf(MARKETING_CHANNEL_NAMES),
        sentAt: instant,
      },
      ['campaignId', 'customerId', 'messageId', 'sentAt'],
    ),
    examples: [
      {
        campaignId: CAMPAIGN,
        customerId: 'anna',
        messageId: '<spring-newsletter.anna@crm.local>',
        sentAt: AT,
      },
    ],
  },
  {
    type: 'marketing.CampaignRecipientSkipped',
    schemaVersion: 1,
    description:
      'A segment member got no campaign e-mail, and why: no e-mail consent at send time, unsubscribed, no e-mail ' +
      'address, or a merge field without value or fallback.',
    dataSchema: object(
      {
        campaignId: id,
        customerId: id,
        reason: enumOf(MARKETING_SKIP_REASONS),
        detail: text(500),
        skippedAt: instant,
      },
      ['campaignId', 'customerId', 'reason', 'detail', 'skippedAt'],
    ),
  },
  {
    type: 'marketing.CampaignSent',
    schemaVersion: 1,
    description:
      'A campaign finished sending: how many e-mails went out and how many members were skipped.',
    dataSchema: object(
      { campaignId: id, sentCount: count, skippedCount: count, completedAt: instant },
      ['campaignId', 'sentCount', 'skippedCount', 'completedAt'],
    ),
  },
  {
    type: 'marketing.CampaignCancelled',
    schemaVersion: 1,
    description: 'A campaign was cancelled before it started sending.',
    dataSchema: object({ campaignId: id, reason: text(500), cancelledAt: instant }, [
      'campaignId',
      'cancelledAt',
    ]),
  },
  {
    type: 'marketing.CampaignApproved',
    schemaVersion: 1,
    description:
      "A campaign's launch was approved by an admin after a test send (required before scheduling or sending " +
      'where the marketing service requires approvals). The approver by user id.',
    dataSchema: object({ campaignId: id, approvedBy: id, approvedAt: instant }, [
      'campaignId',
      'approvedBy',
      'approvedAt',
    ]),
    examples: [{ campaignId: CAMPAIGN, approvedBy: 'admin-1', approvedAt: AT }],
  },
  {
    type: 'marketing.CampaignMessageBounced',
    schemaVersion: 1,
    description:
      'The receiving mail server refused a campaign e-mail after it was handed over (reported by the mail ' +
      'provider on the inbound bounces topic): `hard` (the address does not exist; it is suppressed) or `soft`. ' +
      'Once per recipient.',
    dataSchema: object(
      {
        campaignId: id,
        customerId: id,
        messageId: text(300),
        kind: enumOf(['hard', 'soft']),
        detail: text(500),
        bouncedAt: instant,
      },
      ['campaignId', 'customerId', 'messageId', 'kind', 'bouncedAt'],
    ),
    examples: [
      {
        campaignId: CAMPAIGN,
        customerId: 'anna',
        messageId: '<spring-newsletter.anna@marketing.crm>',
        kind: 'hard',
        detail: '550 5.1.1 user unknown',
        bouncedAt: AT,
      },
    ],
  },
  {
    type: 'marketing.CampaignWinnerChosen',
    schemaVersion: 1,
    description:
      "An A/B campaign's winner: the leading variant by opens, clicks or revenue per recipient beat every " +
      "other variant at the campaign's confidence (two-sided z-tests, Bonferroni-corrected); the rest of the " +
      'audience is sent the winner.',
    dataSchema: object(
      {
        campaignId: id,
        variantId: id,
        metric: enumOf(['opened', 'clicked', 'revenue']),
        pValue: { type: 'number', minimum: 0, maximum: 1 },
        chosenAt: instant,
      },
      ['campaignId', 'variantId', 'metric', 'pValue', 'chosenAt'],
    ),
    examples: [
      { campaignId: CAMPAIGN, variantId: 'b', metric: 'clicked', pValue: 0.0074, chosenAt: AT },
    ],
  },
  {
    type: 'marketing.EmailAddressSuppressed',
    schemaVersion: 1,
    description:
      "A mail to the customer's e-mail address bounced hard: that address is not mailed again (a new address " +
      'is). The address by a keyed digest only.',
    dataSchema: object(
      {
        customerId: id,
        addressDigest: text(100),
        reason: enumOf(['HARD_BOUNCE']),
        messageId: text(300),
        suppressedAt: instant,
      },
      ['customerId', 'addressDigest', 'reason', 'messageId', 'suppressedAt'],
    ),
  },
  {
    type: 'marketing.CampaignTestSent',
    schemaVersion: 1,
    description:
      "A test send of a draft or scheduled campaign's message to a seed list (staff addresses, counted and never " +
      'recorded), optionally filled with a chosen customer’s data.',
    dataSchema: object(
      {
        campaignId: id,
        recipients: count,
        sampleCustomerId: id,
        variantIds: { type: 'array', maxItems: 10, items: id },
        sentAt: instant,
      },
      ['campaignId', 'recipients', 'sentAt'],
    ),
    examples: [{ campaignId: CAMPAIGN, recipients: 2, sampleCustomerId: 'anna', sentAt: AT }],
  },
  {
    type: 'marketing.CustomerUnsubscribed',
    schemaVersion: 1,
    description:
      'A customer unsubscribed from marketing e-mail through the link in a campaign mail.',
    dataSchema: object(
      { customerId: id, channel: enumOf(['email']), campaignId: id, unsubscribedAt: instant },
      ['customerId', 'channel', 'unsubscribedAt'],
    ),
    examples: [{ customerId: 'anna', channel: 'email', campaignId: CAMPAIGN, unsubscribedAt: AT }],
  },
  {
    type: 'marketing.SegmentMembershipChanged',
    schemaVersion: 1,
    description:
      'A customer entered or left a segment (stream marketing.SegmentMembership-<segmentId>), found by the ' +
      'membership reconciliation when the audience changed or time passed. The customer by id only.',
    dataSchema: object(
      {
        segmentId: id,
        customerId: id,
        change: enumOf(['entered', 'left']),
        changedAt: instant,
      },
      ['segmentId', 'customerId', 'change', 'changedAt'],
    ),
    examples: [
      { segmentId: 'bavaria-email', customerId: 'cust-1', change: 'entered', changedAt: AT },
    ],
  },
  {
    type: 'marketing.RfmCutOffsSet',
    schemaVersion: 1,
    description:
      "A tenant's RFM cut-offs for one currency (stream marketing.RfmModel-<tenantId>-<CUR>): four non-decreasing " +
      'boundaries per dimension, the quintiles of the nightly run or configured by a marketer. Customers are scored ' +
      'against them when a rule is evaluated. No customer data.',
    dataSchema: object(
      {
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        source: enumOf(['quintiles', 'configured']),
        recencyDays: cutOffs,
        frequency: cutOffs,
        monetaryMinor: cutOffs,
        setAt: instant,
      },
      ['currency', 'source', 'recencyDays', 'frequency', 'monetaryMinor', 'setAt'],
    ),
    examples: [
      {
        currency: 'EUR',
        source: 'quintiles',
        recencyDays: [7, 30, 90, 180],
        frequency: [1, 1, 2, 4],
        monetaryMinor: [2_000, 5_000, 12_000, 40_000],
        setAt: AT,
      },
    ],
  },
  {
    type: 'marketing.CampaignSendingDeferred',
    schemaVersion: 1,
    description:
      "A campaign's send stopped for now and resumes at `until` on the campaign's durable timer: the tenant's " +
      'quiet hours, or its cap on the channel for the clock hour or the local day. Nobody is dropped: the members ' +
      'not yet done are sent when it resumes.',
    dataSchema: object(
      {
        campaignId: id,
        reason: enumOf(MARKETING_DEFERRAL_REASONS),
        until: instant,
        deferredAt: instant,
      },
      ['campaignId', 'reason', 'until', 'deferredAt'],
    ),
    examples: [
      {
        campaignId: CAMPAIGN,
        reason: 'HOURLY_CAP',
        until: '2026-03-01T10:00:00.000Z',
        deferredAt: AT,
      },
    ],
  },
  {
    type: 'marketing.SendingPolicySet',
    schemaVersion: 1,
    description:
      "A tenant's sending policy (stream marketing.SendingPolicy-<tenantId>): its time zone, quiet hours in it " +
      '(null: none) and caps per channel for a clock hour and a local day (null: none). Sends inside the quiet ' +
      'hours or beyond a cap are deferred, never dropped.',
    dataSchema: object(
      {
        timeZone: text(64),
        quietHours: {
          anyOf: [object({ from: hhmm, to: hhmm }, ['from', 'to']), { type: 'null' }],
        },
        caps: {
          type: 'array',
          maxItems: 4,
          items: object(
            {
              channel: enumOf(MARKETING_CHANNEL_NAMES),
              perHour: capLimit,
              perDay: capLimit,
            },
            ['channel', 'perHour', 'perDay'],
          ),
        },
        setBy: text(200),
        setAt: instant,
      },
      ['timeZone', 'quietHours', 'caps', 'setBy', 'setAt'],
    ),
    examples: [
      {
        timeZone: 'Europe/Berlin',
        quietHours: { from: '21:00', to: '08:00' },
        caps: [{ channel: 'email', perHour: 500, perDay: 5000 }],
        setBy: 'admin@demo.example',
        setAt: AT,
      },
    ],
  },
  {
    type: 'marketing.SendingAllowanceUsed',
    schemaVersion: 1,
    description:
      "One message took a slot of the tenant's cap on its channel (stream " +
      'marketing.SendingAllowance-<tenantId>-<channel>-<localDay>), in its clock hour and local day. Recorded only ' +
      'while the tenant has a cap on that channel. No customer data.',
    dataSchema: object(
      {
        channel: enumOf(MARKETING_CHANNEL_NAMES),
        localDay,
        hourStart: instant,
        sourceId: text(300),
        usedAt: instant,
      },
      ['channel', 'localDay', 'hourStart', 'sourceId', 'usedAt'],
    ),
    examples: [
      {
        channel: 'email',
        localDay: '2026-03-01',
        hourStart: '2026-03-01T09:00:00.000Z',
        sourceId: CAMPAIGN,
        usedAt: AT,
      },
    ],
  },
];

export const marketingContracts: ContextContracts = {
  context: 'marketing',
  description:
    'Marketing: segments (typed rules over the customer profile), e-mail templates (Liquid + MJML, en and zh-CN), ' +
    'campaigns (draft, scheduled, sending, sent, cancelled) with one delivery outcome per recipient, bounces, and ' +
    'unsubscribes.',
  events: [...MARKETING_EVENT_CONTRACTS, ...marketingJourneyEventContracts(MARKETING_SKIP_REASONS)],
  inbound: MARKETING_INBOUND_TOPICS,
};
