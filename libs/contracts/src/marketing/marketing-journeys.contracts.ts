// Public contracts of marketing journeys and attribution (topic crm.marketing.events). Streams:
// `marketing.Journeys-<tenantId>` (published journey versions),
// `marketing.JourneyParticipation-<journeyId>:<customerId>` (one customer's enrolments and steps),
// `marketing.CustomerTouches-<customerId>` (touches and orders with the touches before them),
// `marketing.MarketingCosts-<campaign|journey>:<id>` (costs). No personal data: customers by id.
import type { EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, nullable, object, text } from '../customers/customers-schema-parts';

/** The domain's DEFERRAL_REASONS: why a send waits on the tenant's sending policy (ADR 0385). */
export const MARKETING_DEFERRAL_REASONS = [
  'QUIET_HOURS',
  'HOURLY_CAP',
  'DAILY_CAP',
  // A journey's send held while a marketer paused the journey.
  'JOURNEY_PAUSED',
] as const;

const positive: JsonSchema = { type: 'integer', minimum: 1 };
const stepId: JsonSchema = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' };
const money: JsonSchema = { type: 'string', pattern: '^\\d+\\.\\d{2}$' };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const sourceKind = enumOf(['campaign', 'journey']);
const enrolment = { journeyId: id, customerId: id, enrolment: positive, version: positive };
const ENROLMENT = ['journeyId', 'customerId', 'enrolment', 'version'];
const step = { ...enrolment, stepId, nextStepId: nullable(stepId) };
const STEP = [...ENROLMENT, 'stepId', 'nextStepId'];
const touch = { sourceKind, sourceId: id, channel: text(40), touchedAt: instant };
/** A touch as recorded with an order: with the strongest engagement tracked before the order. */
const orderTouch = { ...touch, engagement: enumOf(['opened', 'clicked']) };
const TOUCH = ['sourceKind', 'sourceId', 'channel', 'touchedAt'];
const AT = '2026-03-01T09:00:00.000Z';
const REF = { journeyId: 'welcome', customerId: 'anna', enrolment: 1, version: 1 };

/** The skip reasons are the campaigns' (MARKETING_SKIP_REASONS), passed in to keep one list. */
export const marketingJourneyEventContracts = (
  skipReasons: readonly string[],
): readonly EventContract[] => [
  {
    type: 'marketing.JourneyPublished',
    schemaVersion: 1,
    description:
      'A journey version was published (1 for a new journey): its trigger (an event of another context, a birthday ' +
      'at a local time, N days of inactivity), steps (send, wait, branch, exit), re-entry policy and exit events. ' +
      'Enrolments stay on the version they entered.',
    dataSchema: object(
      {
        journeyId: id,
        name: text(200),
        version: positive,
        definition: {
          type: 'object',
          required: ['trigger', 'steps', 'reEntry', 'exitOn'],
          properties: {
            trigger: { type: 'object' },
            steps: { type: 'array', minItems: 1, maxItems: 20 },
            reEntry: { type: 'object' },
            exitOn: { type: 'array' },
          },
        },
        publishedAt: instant,
      },
      ['journeyId', 'name', 'version', 'definition', 'publishedAt'],
    ),
    examples: [
      {
        journeyId: 'welcome',
        name: 'Welcome',
        version: 1,
        definition: {
          trigger: { kind: 'event', eventType: 'customers.CustomerRegistered' },
          steps: [
            { id: 'welcome-mail', kind: 'send', templateId: 'journey-welcome', locale: 'en' },
          ],
          reEntry: { policy: 'never' },
          exitOn: [],
        },
        publishedAt: AT,
      },
    ],
  },
  {
    type: 'marketing.JourneyPaused',
    schemaVersion: 1,
    description:
      "A marketer paused a journey: its enrolments' sends hold (a wait with reason JOURNEY_PAUSED) until it resumes.",
    dataSchema: object({ journeyId: id, pausedAt: instant }, ['journeyId', 'pausedAt']),
    examples: [{ journeyId: 'welcome', pausedAt: AT }],
  },
  {
    type: 'marketing.JourneyResumed',
    schemaVersion: 1,
    description: 'A paused journey runs again: the held sends go at their next check.',
    dataSchema: object({ journeyId: id, resumedAt: instant }, ['journeyId', 'resumedAt']),
    examples: [{ journeyId: 'welcome', resumedAt: AT }],
  },
  {
    type: 'marketing.JourneyEntered',
    schemaVersion: 1,
    description:
      'A customer entered a journey (their n-th enrolment in it), pinned to the version current then; the entry key ' +
      'names what enrolled them (`event:<eventId>`, `birthday:<year>`, `inactive:<instant>`).',
    dataSchema: object(
      { ...enrolment, entryKey: text(300), firstStepId: stepId, enteredAt: instant },
      [...ENROLMENT, 'entryKey', 'firstStepId', 'enteredAt'],
    ),
    examples: [
      {
        ...REF,
        entryKey: 'event:0190a000-0000-7000-8000-000000000001',
        firstStepId: 'welcome-mail',
        enteredAt: AT,
      },
    ],
  },
  {
    type: 'marketing.JourneyMessageSent',
    schemaVersion: 1,
    description:
      'A journey send step reached the customer (once per journey version, enrolment and step): by e-mail, ' +
      'or on the channel named (sms, push, social).',
    dataSchema: object(
      {
        ...step,
        templateId: id,
        messageId: text(300),
        channel: enumOf(['email', 'sms', 'push', 'social']),
        sentAt: instant,
      },
      [...STEP, 'templateId', 'messageId', 'sentAt'],
    ),
    examples: [
      {
        ...REF,
        stepId: 'welcome-mail',
        nextStepId: null,
        templateId: 'journey-welcome',
        messageId: '<j@marketing.crm>',
        sentAt: AT,
      },
    ],
  },
  {
    type: 'marketing.JourneyMessageSkipped',
    schemaVersion: 1,
    description:
      'A journey send step did not mail the customer, and why (checked when the step ran: consent, unsubscribe, ' +
      'address, merge fields); the journey goes on.',
    dataSchema: object(
      { ...step, reason: enumOf(skipReasons), detail: text(500), skippedAt: instant },
      [...STEP, 'reason', 'detail', 'skippedAt'],
    ),
  },
  {
    type: 'marketing.JourneyWaitStarted',
    schemaVersion: 1,
    description:
      "A journey wait started: a wait step, or a send step held (the customer's quiet hours, or with `reason` the " +
      "tenant's quiet hours or cap, ADR 0385); the enrolment goes on at `until`.",
    dataSchema: object(
      {
        ...enrolment,
        stepId,
        until: instant,
        reason: enumOf(MARKETING_DEFERRAL_REASONS),
        startedAt: instant,
      },
      [...ENROLMENT, 'stepId', 'until', 'startedAt'],
    ),
  },
  {
    type: 'marketing.JourneyWaitEnded',
    schemaVersion: 1,
    description: 'A journey wait step ended.',
    dataSchema: object({ ...step, endedAt: instant }, [...STEP, 'endedAt']),
  },
  {
    type: 'marketing.JourneyBranchTaken',
    schemaVersion: 1,
    description:
      "A journey branch evaluated its condition on the customer's profile and chose the next step.",
    dataSchema: object({ ...step, conditionHeld: { type: 'boolean' }, takenAt: instant }, [
      ...STEP,
      'conditionHeld',
      'takenAt',
    ]),
  },
  {
    type: 'marketing.JourneyExited',
    schemaVersion: 1,
    description:
      'An enrolment ended: completed (no step left) or goal (an exit step, or an exit event such as an order during ' +
      'a win-back).',
    dataSchema: object(
      { ...enrolment, reason: enumOf(['completed', 'goal']), detail: text(300), exitedAt: instant },
      [...ENROLMENT, 'reason', 'detail', 'exitedAt'],
    ),
  },
  {
    type: 'marketing.TouchRecorded',
    schemaVersion: 1,
    description:
      'A marketing touch of a customer (a campaign or journey message sent), kept for attribution.',
    dataSchema: object({ ...touch, customerId: id, touchId: id }, [
      ...TOUCH,
      'customerId',
      'touchId',
    ]),
    examples: [
      {
        sourceKind: 'campaign',
        sourceId: 'spring-newsletter',
        channel: 'email',
        touchedAt: AT,
        customerId: 'anna',
        touchId: 'e1',
      },
    ],
  },
  {
    type: 'marketing.EngagementRecorded',
    schemaVersion: 1,
    description:
      'A customer opened (tracking pixel) or clicked a link of (signed redirect) a campaign or journey e-mail they were ' +
      'sent; recorded once per source, kind and link. Feeds attribution (a minimum engagement per report) and campaign ' +
      "results. The link clicked is the template author's, never personal.",
    dataSchema: object(
      {
        customerId: id,
        sourceKind,
        sourceId: id,
        engagement: enumOf(['opened', 'clicked']),
        url: text(2000),
        engagedAt: instant,
      },
      ['customerId', 'sourceKind', 'sourceId', 'engagement', 'engagedAt'],
    ),
    examples: [
      {
        customerId: 'anna',
        sourceKind: 'campaign',
        sourceId: 'spring-newsletter',
        engagement: 'clicked',
        url: 'https://shop.example/spring',
        engagedAt: AT,
      },
    ],
  },
  {
    type: 'marketing.OrderAttributionRecorded',
    schemaVersion: 1,
    description:
      "An order (sales.OrderPlaced) with the customer's marketing touches of the 90 days before it; attribution models " +
      'are applied to these facts at query time, so re-attributing rewrites nothing.',
    dataSchema: object(
      {
        orderId: id,
        customerId: id,
        amount: money,
        currency,
        placedAt: instant,
        touches: { type: 'array', maxItems: 50, items: object(orderTouch, TOUCH) },
      },
      ['orderId', 'customerId', 'amount', 'currency', 'placedAt', 'touches'],
    ),
  },
  {
    type: 'marketing.OrderRevenueReversed',
    schemaVersion: 1,
    description:
      'Revenue of a recorded order taken back by a refund (sales.OrderRefunded) or its cancellation ' +
      '(sales.OrderCancelled), at most what the order had left; attribution nets it from the revenue.',
    dataSchema: object(
      {
        orderId: id,
        customerId: id,
        reversalId: id,
        reversal: enumOf(['refund', 'cancellation']),
        amount: money,
        currency,
        reversedAt: instant,
      },
      ['orderId', 'customerId', 'reversalId', 'reversal', 'amount', 'currency', 'reversedAt'],
    ),
  },
  {
    type: 'marketing.MarketingCostRecorded',
    schemaVersion: 1,
    description: 'A cost of a campaign or journey on a channel, for ROI.',
    dataSchema: object(
      {
        costId: id,
        sourceKind,
        sourceId: id,
        channel: text(40),
        amount: money,
        currency,
        note: text(500),
        recordedAt: instant,
      },
      ['costId', 'sourceKind', 'sourceId', 'channel', 'amount', 'currency', 'recordedAt'],
    ),
  },
];
