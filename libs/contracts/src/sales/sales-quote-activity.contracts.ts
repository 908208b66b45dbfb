// Public contracts of quotes and activities (added beside leads, opportunities and orders). A quote
// names its customer and deal by id; its lines carry products and prices, never personal data. An
// activity's subject line is a rep's note about the work ("Call about the renewal").
import type { EventContract, JsonSchema } from '../event-contract';
import {
  enumOf,
  id,
  instant,
  nullable,
  object,
  personal,
  text,
} from '../customers/customers-schema-parts';
import { v1 } from './sales-pipeline.contracts';
import { currency, money } from './sales-schema-parts';

const QUOTE = '0190b000-0000-7000-8000-0000000000d1';
const OPPORTUNITY = '0190b000-0000-7000-8000-0000000000c1';
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';
const ACTIVITY = '0190b000-0000-7000-8000-0000000000e1';
const AT = '2024-05-01T08:00:00.000Z';
const UNTIL = '2024-05-31T22:00:00.000Z';

const owner = nullable(id);
const approverRole = enumOf(['sales_manager', 'admin']);
const version: JsonSchema = { type: 'integer', minimum: 1 };
const quoteLine = object(
  {
    sku: id,
    name: text(),
    category: text(64),
    quantity: { type: 'integer', minimum: 1, maximum: 100_000 },
    unitPrice: money,
    discountPercent: { type: 'integer', minimum: 0, maximum: 100 },
    netAmount: money,
  },
  ['name', 'category', 'quantity', 'unitPrice', 'discountPercent', 'netAmount'],
);
const quoteVersion = {
  quoteId: id,
  version,
  lines: { type: 'array', minItems: 1, maxItems: 200, items: quoteLine },
  amount: money,
  validUntil: instant,
  approvalReasons: { type: 'array', maxItems: 2, items: enumOf(['discount', 'amount']) },
  // Optional (ADR 0381): the calendar day the quote is valid through and the customer's IANA zone;
  // validUntil is then the end of that day there.
  validUntilDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  customerTimeZone: text(64),
  // Optional (ADR 0382): the approvals the version needs under the tenant's policy, in order.
  approvalSteps: {
    type: 'array',
    maxItems: 10,
    items: object(
      {
        approverRole: approverRole,
        reasons: { type: 'array', maxItems: 2, items: enumOf(['discount', 'amount']) },
      },
      ['approverRole', 'reasons'],
    ),
  },
  approvalPolicyVersion: { type: 'integer', minimum: 0 },
} satisfies Record<string, JsonSchema>;
const QUOTE_VERSION_REQUIRED = [
  'quoteId',
  'version',
  'lines',
  'amount',
  'validUntil',
  'approvalReasons',
];
const exampleVersion = {
  quoteId: QUOTE,
  version: 1,
  lines: [
    {
      sku: 'ENG-1',
      name: 'Engine',
      category: 'engines',
      quantity: 3,
      unitPrice: '100.00',
      discountPercent: 25,
      netAmount: '225.00',
    },
  ],
  amount: '225.00',
  validUntil: UNTIL,
  approvalReasons: ['discount'],
};
const activityKind = enumOf(['call', 'meeting', 'task']);
const about = object({ kind: enumOf(['lead', 'opportunity', 'customer', 'quote']), id }, [
  'kind',
  'id',
]);

export const SALES_QUOTE_ACTIVITY_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'QuoteCreated',
    'A quote (version 1) was built from an opportunity: lines with discounts, net amount, validity, and why it needs approval (empty: it does not).',
    object(
      {
        ...quoteVersion,
        opportunityId: id,
        customerId: id,
        currency,
        ownerId: owner,
        teamId: owner,
        createdAt: instant,
      },
      [
        ...QUOTE_VERSION_REQUIRED,
        'opportunityId',
        'customerId',
        'currency',
        'ownerId',
        'teamId',
        'createdAt',
      ],
    ),
    {
      ...exampleVersion,
      opportunityId: OPPORTUNITY,
      customerId: CUSTOMER,
      currency: 'EUR',
      ownerId: 'rep-1',
      teamId: 'team-emea',
      createdAt: AT,
    },
  ),
  v1(
    'QuoteRevised',
    'A quote got a new version (lines or validity); an approval of an earlier version no longer counts.',
    object({ ...quoteVersion, revisedAt: instant }, [...QUOTE_VERSION_REQUIRED, 'revisedAt']),
    { ...exampleVersion, version: 2, revisedAt: AT },
  ),
  v1(
    'QuoteApproved',
    'An approver approved one version of a quote.',
    object(
      {
        quoteId: id,
        version,
        approverId: id,
        // Optional (ADR 0382): the step of the route it approves and the next step's approver.
        step: { type: 'integer', minimum: 1 },
        approverRole,
        nextApproverRole: nullable(approverRole),
        approvedAt: instant,
      },
      ['quoteId', 'version', 'approverId', 'approvedAt'],
    ),
    { quoteId: QUOTE, version: 1, approverId: 'manager-1', approvedAt: AT },
  ),
  v1(
    'QuoteSent',
    'A version of a quote was sent to the customer.',
    object({ quoteId: id, version, sentAt: instant }, ['quoteId', 'version', 'sentAt']),
    { quoteId: QUOTE, version: 1, sentAt: AT },
  ),
  v1(
    'QuoteAccepted',
    'The customer accepted the version they were sent; an order is placed from it.',
    object(
      {
        quoteId: id,
        opportunityId: id,
        customerId: id,
        version,
        amount: money,
        currency,
        acceptedAt: instant,
      },
      ['quoteId', 'opportunityId', 'customerId', 'version', 'amount', 'currency', 'acceptedAt'],
    ),
    {
      quoteId: QUOTE,
      opportunityId: OPPORTUNITY,
      customerId: CUSTOMER,
      version: 1,
      amount: '225.00',
      currency: 'EUR',
      acceptedAt: AT,
    },
  ),
  v1(
    'QuoteRejected',
    'The customer declined the quote, with a reason.',
    object({ quoteId: id, version, reason: text(500), rejectedAt: instant }, [
      'quoteId',
      'version',
      'reason',
      'rejectedAt',
    ]),
    { quoteId: QUOTE, version: 1, reason: 'too expensive', rejectedAt: AT },
  ),
  v1(
    'QuoteExpired',
    'The quote reached validUntil undecided (expiry timer).',
    object({ quoteId: id, version, expiredAt: instant }, ['quoteId', 'version', 'expiredAt']),
    { quoteId: QUOTE, version: 1, expiredAt: UNTIL },
  ),
  v1(
    'QuoteExpiryReminderDue',
    'A sent quote expires in daysBefore days (reminder timer, 7 and 1 days before validUntil).',
    object(
      {
        quoteId: id,
        version,
        daysBefore: { type: 'integer', minimum: 1, maximum: 366 },
        validUntil: instant,
        remindedAt: instant,
      },
      ['quoteId', 'version', 'daysBefore', 'validUntil', 'remindedAt'],
    ),
    { quoteId: QUOTE, version: 1, daysBefore: 7, validUntil: UNTIL, remindedAt: AT },
  ),
  v1(
    'ActivityScheduled',
    'A call, meeting or task about a lead, opportunity, quote or customer was scheduled, with its due instant and optional reminder.',
    object(
      {
        activityId: id,
        kind: activityKind,
        subject: text(),
        about,
        dueAt: instant,
        remindAt: instant,
        ownerId: owner,
        teamId: owner,
        scheduledAt: instant,
      },
      ['activityId', 'kind', 'subject', 'about', 'dueAt', 'ownerId', 'teamId', 'scheduledAt'],
    ),
    {
      activityId: ACTIVITY,
      kind: 'call',
      subject: 'Call about the proposal',
      about: { kind: 'opportunity', id: OPPORTUNITY },
      dueAt: UNTIL,
      remindAt: AT,
      ownerId: 'rep-1',
      teamId: 'team-emea',
      scheduledAt: AT,
    },
  ),
  v1(
    'ActivityRescheduled',
    'An open activity got a new due instant (and reminder, or none).',
    object({ activityId: id, dueAt: instant, remindAt: instant, rescheduledAt: instant }, [
      'activityId',
      'dueAt',
      'rescheduledAt',
    ]),
    { activityId: ACTIVITY, dueAt: UNTIL, rescheduledAt: AT },
  ),
  v1(
    'ActivityCompleted',
    'An activity was done, with an optional outcome.',
    object({ activityId: id, outcome: text(500), completedAt: instant }, [
      'activityId',
      'completedAt',
    ]),
    { activityId: ACTIVITY, outcome: 'agreed on a demo', completedAt: AT },
  ),
  v1(
    'ActivityCancelled',
    'An activity was cancelled, with an optional reason.',
    object({ activityId: id, reason: text(500), cancelledAt: instant }, [
      'activityId',
      'cancelledAt',
    ]),
    { activityId: ACTIVITY, cancelledAt: AT },
  ),
  v1(
    'ActivityReminderDue',
    'The follow-up reminder of an open activity is due (reminder timer): its owner should act.',
    object({ activityId: id, ownerId: owner, dueAt: instant, remindedAt: instant }, [
      'activityId',
      'ownerId',
      'dueAt',
      'remindedAt',
    ]),
    { activityId: ACTIVITY, ownerId: 'rep-1', dueAt: UNTIL, remindedAt: AT },
  ),
  v1(
    'QuoteApprovalPolicyDefined',
    'The tenant declared a new version of its quote approval policy: levels in approval order, each an approver role with the discount and amount above which it must approve (ADR 0382).',
    object(
      {
        version: { type: 'integer', minimum: 1 },
        levels: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: object(
            {
              approverRole,
              maxDiscountPercent: { type: 'integer', minimum: 0, maximum: 100 },
              maxAmount: money,
            },
            ['approverRole', 'maxDiscountPercent', 'maxAmount'],
          ),
        },
        definedAt: instant,
      },
      ['version', 'levels', 'definedAt'],
    ),
    {
      version: 1,
      levels: [
        { approverRole: 'sales_manager', maxDiscountPercent: 15, maxAmount: '50000.00' },
        { approverRole: 'admin', maxDiscountPercent: 30, maxAmount: '250000.00' },
      ],
      definedAt: AT,
    },
  ),
  v1(
    'SalesNoteAdded',
    "An internal note for the sales team about a sales record; it takes the record's owner and team (its record scope) and is never part of a customer-facing document (ADR 0384). Its text is personal data of the record's data subject (ADR 0400): encrypted under that subject's key, “[erased]” once the subject is erased.",
    object(
      {
        noteId: id,
        about: object(
          {
            kind: enumOf(['lead', 'opportunity', 'quote', 'activity', 'order', 'contract']),
            id,
          },
          ['kind', 'id'],
        ),
        // ADR 0400: encrypted under the key of `dataSubjectId` (the lead for a lead's note, else
        // the record's customer). Notes written before it carry no subject and a clear text.
        text: personal(text(2000)),
        dataSubjectId: id,
        authorId: id,
        ownerId: owner,
        teamId: owner,
        addedAt: instant,
      },
      ['noteId', 'about', 'text', 'authorId', 'ownerId', 'teamId', 'addedAt'],
    ),
    {
      noteId: '0190b000-0000-7000-8000-0000000000f9',
      about: { kind: 'activity', id: ACTIVITY },
      text: 'Prefers a call after 4 pm; the budget holder is the CFO.',
      dataSubjectId: CUSTOMER,
      authorId: 'rep-1',
      ownerId: 'rep-1',
      teamId: 'team-emea',
      addedAt: AT,
    },
  ),
  v1(
    'SalesNoteRemoved',
    'An internal note was removed (by its author, a manager or an admin).',
    object({ noteId: id, removedAt: instant }, ['noteId', 'removedAt']),
    { noteId: '0190b000-0000-7000-8000-0000000000f9', removedAt: AT },
  ),
];

/** A deal's line: a quote line that is one-off or recurring (its amount then counts one period). */
const opportunityLine: JsonSchema = {
  ...quoteLine,
  properties: {
    ...(quoteLine.properties as Record<string, JsonSchema>),
    recurring: { type: 'boolean' },
  },
  required: [...((quoteLine.required as string[] | undefined) ?? []), 'recurring'],
};

export const SALES_OPPORTUNITY_LINE_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'OpportunityLinesSet',
    'An open opportunity’s lines were (re)set: its amount is their exact net sum, recurringAmount that of the recurring ones.',
    object(
      {
        opportunityId: id,
        lines: { type: 'array', minItems: 1, maxItems: 200, items: opportunityLine },
        amount: money,
        recurringAmount: money,
        currency,
        setAt: instant,
      },
      ['opportunityId', 'lines', 'amount', 'recurringAmount', 'currency', 'setAt'],
    ),
    {
      opportunityId: OPPORTUNITY,
      lines: [
        {
          sku: 'CRM-SEAT',
          name: 'CRM seat',
          category: 'subscriptions',
          quantity: 10,
          unitPrice: '30.00',
          discountPercent: 10,
          netAmount: '270.00',
          recurring: true,
        },
      ],
      amount: '270.00',
      recurringAmount: '270.00',
      currency: 'EUR',
      setAt: '2024-05-01T08:00:00.000Z',
    },
  ),
  v1(
    'OpportunityProbabilityOverridden',
    'An open opportunity’s win probability was set by hand (overridden), or given back to its stage’s default; the next stage change resets it.',
    object(
      {
        opportunityId: id,
        probability: { type: 'integer', minimum: 0, maximum: 100 },
        overridden: { type: 'boolean' },
        overriddenAt: instant,
      },
      ['opportunityId', 'probability', 'overridden', 'overriddenAt'],
    ),
    { opportunityId: OPPORTUNITY, probability: 80, overridden: true, overriddenAt: AT },
  ),
];
