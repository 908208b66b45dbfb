// Public contracts of the Loyalty context (topic crm.loyalty.events): the tenant's program and the
// points ledger of each member. Streams are `loyalty.Program-<tenantId>` and
// `loyalty.Member-<customerId>` (a member is a customer). No personal data: members are named by
// customer id only. Every debit names the lots it drew from (`draws`), so an integrator can rebuild
// and check each balance from the events alone. Points are integers; amounts are minor units.
import type { ContextContracts, EventContract, JsonSchema } from '../event-contract';
import { enumOf, id, instant, object, text } from '../customers/customers-schema-parts';

const MEMBER = '0190a000-0000-7000-8000-000000000001';
const AT = '2026-03-01T10:00:00.000Z';
const EXPIRY = '2027-03-01T23:00:00.000Z';
const REVIEW = EXPIRY;
const OTHER_MEMBER = '0190a000-0000-7000-8000-000000000002';

const points: JsonSchema = { type: 'integer', minimum: 0, maximum: 1_000_000_000 };
const positivePoints: JsonSchema = { type: 'integer', minimum: 1, maximum: 1_000_000_000 };
const signedPoints: JsonSchema = {
  type: 'integer',
  minimum: -1_000_000_000,
  maximum: 1_000_000_000,
};
const minor: JsonSchema = { type: 'integer', minimum: 0 };
const percent: JsonSchema = { type: 'integer', minimum: 100, maximum: 1_000_000 };
const lot = object({ lotId: id, points: positivePoints, expiresAt: instant }, [
  'lotId',
  'points',
  'expiresAt',
]);
const draws: JsonSchema = { type: 'array', items: lot };
const optionalCategory = text(100);

const earnRule: JsonSchema = {
  anyOf: [
    object(
      {
        ruleId: id,
        kind: { const: 'amount' },
        points: positivePoints,
        perMinor: { type: 'integer', minimum: 1 },
        category: optionalCategory,
        capPoints: positivePoints,
      },
      ['ruleId', 'kind', 'points', 'perMinor'],
    ),
    object(
      {
        ruleId: id,
        kind: { const: 'unit' },
        points: positivePoints,
        category: optionalCategory,
        capPoints: positivePoints,
      },
      ['ruleId', 'kind', 'points'],
    ),
  ],
};

const programDefinition = object(
  {
    name: text(100),
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    timeZone: text(64),
    autoEnrol: { type: 'boolean' },
    earnRules: { type: 'array', minItems: 1, maxItems: 50, items: earnRule },
    tiers: {
      type: 'array',
      maxItems: 20,
      items: object(
        {
          name: text(100),
          qualifyingThreshold: points,
          multiplierPercent: percent,
          benefits: {
            type: 'array',
            maxItems: 20,
            items: object({ code: id, description: text(200) }, ['code', 'description']),
          },
        },
        ['name', 'qualifyingThreshold', 'multiplierPercent'],
      ),
    },
    promotions: {
      type: 'array',
      maxItems: 50,
      items: object(
        {
          promotionId: id,
          name: text(100),
          from: instant,
          until: instant,
          multiplierPercent: percent,
        },
        ['promotionId', 'name', 'from', 'until', 'multiplierPercent'],
      ),
    },
    lotLifetime: {
      anyOf: [
        object(
          {
            kind: { const: 'rolling_months' },
            months: { type: 'integer', minimum: 1, maximum: 120 },
          },
          ['kind', 'months'],
        ),
        object(
          {
            kind: { const: 'fixed_day' },
            monthDay: { type: 'string', pattern: '^\\d{2}-\\d{2}$' },
          },
          ['kind', 'monthDay'],
        ),
      ],
    },
    adjustmentApprovalThreshold: points,
    tierReview: object(
      {
        windowMonths: { type: 'integer', minimum: 1, maximum: 36 },
        graceDays: { type: 'integer', minimum: 0, maximum: 365 },
        basis: enumOf(['qualifying_points', 'orders']),
        period: enumOf(['rolling', 'calendar_year']),
      },
      ['windowMonths', 'graceDays'],
    ),
    referralReward: object(
      {
        refereePoints: positivePoints,
        referrerPoints: positivePoints,
        returnWindowDays: { type: 'integer', minimum: 0, maximum: 365 },
      },
      ['refereePoints', 'referrerPoints'],
    ),
  },
  [
    'name',
    'currency',
    'timeZone',
    'autoEnrol',
    'earnRules',
    'tiers',
    'promotions',
    'lotLifetime',
    'adjustmentApprovalThreshold',
  ],
);

const EXAMPLE_PROGRAM = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: true,
  earnRules: [{ ruleId: 'spend', kind: 'amount', points: 1, perMinor: 100 }],
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Silver', qualifyingThreshold: 500, multiplierPercent: 150 },
  ],
  promotions: [],
  lotLifetime: { kind: 'rolling_months', months: 12 },
  adjustmentApprovalThreshold: 1000,
};

export const LOYALTY_EVENT_CONTRACTS: readonly EventContract[] = [
  {
    type: 'loyalty.ProgramDefined',
    schemaVersion: 1,
    description:
      "The tenant's loyalty program was defined: earn rules, tiers, promotions, lot lifetime and approval threshold.",
    dataSchema: object({ definition: programDefinition, definedAt: instant }, [
      'definition',
      'definedAt',
    ]),
    examples: [{ definition: EXAMPLE_PROGRAM, definedAt: AT }],
  },
  {
    type: 'loyalty.ProgramRevised',
    schemaVersion: 1,
    description: 'The program was replaced by a new definition; orders earn under it from now on.',
    dataSchema: object({ definition: programDefinition, revisedAt: instant }, [
      'definition',
      'revisedAt',
    ]),
    examples: [{ definition: EXAMPLE_PROGRAM, revisedAt: AT }],
  },
  {
    type: 'loyalty.MemberEnrolled',
    schemaVersion: 1,
    description: 'A customer joined the program, by hand or automatically on registration.',
    dataSchema: object(
      { memberId: id, source: enumOf(['manual', 'automatic']), enrolledAt: instant },
      ['memberId', 'source', 'enrolledAt'],
    ),
    examples: [{ memberId: MEMBER, source: 'automatic', enrolledAt: AT }],
  },
  {
    type: 'loyalty.PointsEarned',
    schemaVersion: 1,
    description:
      'An order earned points (once per order): qualifying points decide the tier, redeemable points first settle debt, the rest is a lot with an expiry.',
    dataSchema: object(
      {
        memberId: id,
        orderId: id,
        orderAmountMinor: minor,
        qualifyingPoints: points,
        redeemablePoints: points,
        multiplierPercent: percent,
        promotionId: id,
        debtSettled: points,
        lot,
        earnedAt: instant,
      },
      [
        'memberId',
        'orderId',
        'orderAmountMinor',
        'qualifyingPoints',
        'redeemablePoints',
        'multiplierPercent',
        'debtSettled',
        'earnedAt',
      ],
    ),
    examples: [
      {
        memberId: MEMBER,
        orderId: 'o-1',
        orderAmountMinor: 12990,
        qualifyingPoints: 129,
        redeemablePoints: 129,
        multiplierPercent: 100,
        debtSettled: 0,
        lot: { lotId: 'order:o-1', points: 129, expiresAt: EXPIRY },
        earnedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.TierUpgraded',
    schemaVersion: 1,
    description:
      "The member's qualifying points (or, when the program counts purchase frequency, orders: `orders`) reached a higher tier; the upgrade applies at once.",
    dataSchema: object(
      {
        memberId: id,
        fromTier: text(100),
        toTier: text(100),
        qualifyingPoints: points,
        orders: points,
        upgradedAt: instant,
        nextReviewAt: instant,
      },
      ['memberId', 'toTier', 'qualifyingPoints', 'upgradedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 520,
        upgradedAt: AT,
      },
      {
        memberId: MEMBER,
        fromTier: 'Bronze',
        toTier: 'Silver',
        qualifyingPoints: 520,
        upgradedAt: AT,
        nextReviewAt: REVIEW,
      },
    ],
  },
  {
    type: 'loyalty.TierReviewed',
    schemaVersion: 1,
    description:
      "A tier review (rolling tier window) found the member's qualifying points in the window: the tier is retained until the next review, or kept only for a grace period that ends at nextReviewAt.",
    dataSchema: object(
      {
        memberId: id,
        tier: text(100),
        qualifyingPoints: points,
        orders: points,
        outcome: enumOf(['retained', 'grace']),
        nextReviewAt: instant,
        reviewedAt: instant,
      },
      ['memberId', 'tier', 'qualifyingPoints', 'outcome', 'nextReviewAt', 'reviewedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        tier: 'Silver',
        qualifyingPoints: 120,
        outcome: 'grace',
        nextReviewAt: '2027-03-31T22:00:00.000Z',
        reviewedAt: REVIEW,
      },
    ],
  },
  {
    type: 'loyalty.TierDowngraded',
    schemaVersion: 1,
    description:
      "At a review after the grace period (or without one) the member's window no longer reached the tier: down to the tier it reaches; reviewed again one window later unless it is the base tier.",
    dataSchema: object(
      {
        memberId: id,
        fromTier: text(100),
        toTier: text(100),
        qualifyingPoints: points,
        orders: points,
        downgradedAt: instant,
        nextReviewAt: instant,
      },
      ['memberId', 'fromTier', 'toTier', 'qualifyingPoints', 'downgradedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        fromTier: 'Silver',
        toTier: 'Bronze',
        qualifyingPoints: 120,
        downgradedAt: '2027-03-31T22:00:00.000Z',
      },
    ],
  },
  {
    type: 'loyalty.ReferralCodeClaimed',
    schemaVersion: 1,
    description:
      'A referral code was claimed for a member, once (stream loyalty.ReferralCode-<code>): codes are unique and resolve to their member.',
    dataSchema: object(
      { code: { type: 'string', pattern: '^[A-Z2-9]{8}$' }, memberId: id, claimedAt: instant },
      ['code', 'memberId', 'claimedAt'],
    ),
    examples: [{ code: 'K7QX2M9P', memberId: MEMBER, claimedAt: AT }],
  },
  {
    type: 'loyalty.ReferralCodeIssued',
    schemaVersion: 1,
    description: 'The member received their referral code (once).',
    dataSchema: object(
      { memberId: id, code: { type: 'string', pattern: '^[A-Z2-9]{8}$' }, issuedAt: instant },
      ['memberId', 'code', 'issuedAt'],
    ),
    examples: [{ memberId: MEMBER, code: 'K7QX2M9P', issuedAt: AT }],
  },
  {
    type: 'loyalty.ReferralRecorded',
    schemaVersion: 1,
    description:
      'A new member (memberId, the referee) was referred by the owner of the code, before their first order; never by themselves, only once.',
    dataSchema: object(
      {
        memberId: id,
        referrerId: id,
        code: { type: 'string', pattern: '^[A-Z2-9]{8}$' },
        recordedAt: instant,
      },
      ['memberId', 'referrerId', 'code', 'recordedAt'],
    ),
    examples: [{ memberId: OTHER_MEMBER, referrerId: MEMBER, code: 'K7QX2M9P', recordedAt: AT }],
  },
  {
    type: 'loyalty.ReferralFlagged',
    schemaVersion: 1,
    description:
      'The referral just recorded looks like one person on both sides: the referee shares a normalised e-mail or phone with the referrer. Its rewards will be withheld.',
    dataSchema: object(
      {
        memberId: id,
        referrerId: id,
        reasons: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: enumOf(['shared_email', 'shared_phone']),
        },
        flaggedAt: instant,
      },
      ['memberId', 'referrerId', 'reasons', 'flaggedAt'],
    ),
    examples: [
      { memberId: OTHER_MEMBER, referrerId: MEMBER, reasons: ['shared_email'], flaggedAt: AT },
    ],
  },
  {
    type: 'loyalty.ReferralRewardWithheld',
    schemaVersion: 1,
    description:
      "A flagged referral's first order: neither the referee nor the referrer is credited (recorded once, on the referee).",
    dataSchema: object(
      {
        memberId: id,
        referrerId: id,
        orderId: id,
        reasons: {
          type: 'array',
          minItems: 1,
          items: enumOf(['shared_email', 'shared_phone', 'order_returned']),
        },
        withheldAt: instant,
      },
      ['memberId', 'referrerId', 'orderId', 'reasons', 'withheldAt'],
    ),
    examples: [
      {
        memberId: OTHER_MEMBER,
        referrerId: MEMBER,
        orderId: 'order-1',
        reasons: ['shared_email'],
        withheldAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.ReferralRewardCredited',
    schemaVersion: 1,
    description:
      "The referee's first order released a referral reward for one side (role): credited as a lot after settling debt, once per referee and side.",
    dataSchema: object(
      {
        memberId: id,
        role: enumOf(['referee', 'referrer']),
        refereeId: id,
        referrerId: id,
        orderId: id,
        points: positivePoints,
        debtSettled: points,
        lot,
        creditedAt: instant,
      },
      [
        'memberId',
        'role',
        'refereeId',
        'referrerId',
        'orderId',
        'points',
        'debtSettled',
        'creditedAt',
      ],
    ),
    examples: [
      {
        memberId: MEMBER,
        role: 'referrer',
        refereeId: OTHER_MEMBER,
        referrerId: MEMBER,
        orderId: 'order-1',
        points: 200,
        debtSettled: 0,
        lot: { lotId: `referral:referrer:${OTHER_MEMBER}`, points: 200, expiresAt: EXPIRY },
        creditedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.ChurnSignalRecorded',
    schemaVersion: 1,
    description:
      "A fact from another context that the member's churn score weighs: a complaint opened or closed and a satisfaction answer (service desk), an unsubscribe from marketing e-mail (marketing). The member is reassessed at once.",
    dataSchema: object(
      {
        memberId: id,
        signal: enumOf([
          'complaint_opened',
          'complaint_closed',
          'csat_answered',
          'email_unsubscribed',
        ]),
        sourceId: id,
        csatScore: { type: 'integer', minimum: 1, maximum: 5 },
        recordedAt: instant,
      },
      ['memberId', 'signal', 'sourceId', 'recordedAt'],
    ),
    examples: [
      { memberId: MEMBER, signal: 'complaint_opened', sourceId: 'ticket-1', recordedAt: AT },
      {
        memberId: MEMBER,
        signal: 'csat_answered',
        sourceId: 'ticket-1',
        csatScore: 1,
        recordedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.ChurnRiskRaised',
    schemaVersion: 1,
    description:
      "The member's churn score moved to a worse band (low < 30 ≤ medium < 60 ≤ high); the factors say what drove it (recency against the member's usual interval, frequency drop, points about to expire unused). Win-back journeys consume it.",
    dataSchema: object(
      {
        memberId: id,
        score: { type: 'integer', minimum: 0, maximum: 100 },
        band: enumOf(['low', 'medium', 'high']),
        previousBand: enumOf(['low', 'medium', 'high']),
        factors: {
          type: 'array',
          maxItems: 10,
          items: object(
            {
              factor: enumOf([
                'recency',
                'frequency_drop',
                'expiring_unused',
                'open_complaints',
                'low_csat',
                'email_disengaged',
              ]),
              points: { type: 'integer', minimum: 0, maximum: 100 },
              detail: text(300),
            },
            ['factor', 'points', 'detail'],
          ),
        },
        assessedAt: instant,
      },
      ['memberId', 'score', 'band', 'previousBand', 'factors', 'assessedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        score: 70,
        band: 'high',
        previousBand: 'low',
        factors: [
          {
            factor: 'recency',
            points: 50,
            detail: '95 days since the last order; usual interval 30 days',
          },
          {
            factor: 'frequency_drop',
            points: 0,
            detail: '0 orders in the last 90 days; 0 on average per 90 days the year before',
          },
          {
            factor: 'expiring_unused',
            points: 20,
            detail: '120 of 150 free points expire within 30 days',
          },
        ],
        assessedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.ChurnRiskEased',
    schemaVersion: 1,
    description:
      "The member's churn score moved to a better band; a later worsening raises ChurnRiskRaised again.",
    dataSchema: object(
      {
        memberId: id,
        score: { type: 'integer', minimum: 0, maximum: 100 },
        band: enumOf(['low', 'medium', 'high']),
        previousBand: enumOf(['low', 'medium', 'high']),
        assessedAt: instant,
      },
      ['memberId', 'score', 'band', 'previousBand', 'assessedAt'],
    ),
    examples: [{ memberId: MEMBER, score: 0, band: 'low', previousBand: 'high', assessedAt: AT }],
  },
  {
    type: 'loyalty.PointsReserved',
    schemaVersion: 1,
    description:
      'Points were set aside at checkout, drawn from the lots closest to expiry; confirm or release follows.',
    dataSchema: object(
      {
        memberId: id,
        reservationId: id,
        points: positivePoints,
        orderId: id,
        draws,
        reservedAt: instant,
      },
      ['memberId', 'reservationId', 'points', 'draws', 'reservedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        reservationId: 'r-1',
        points: 50,
        orderId: 'o-2',
        draws: [{ lotId: 'order:o-1', points: 50, expiresAt: EXPIRY }],
        reservedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.ReservationConfirmed',
    schemaVersion: 1,
    description: 'A reservation was redeemed: its points are spent.',
    dataSchema: object(
      { memberId: id, reservationId: id, points: positivePoints, confirmedAt: instant },
      ['memberId', 'reservationId', 'points', 'confirmedAt'],
    ),
    examples: [{ memberId: MEMBER, reservationId: 'r-1', points: 50, confirmedAt: AT }],
  },
  {
    type: 'loyalty.ReservationReleased',
    schemaVersion: 1,
    description:
      'A reservation was abandoned: its points went back to the lots they came from, with their expiry.',
    dataSchema: object(
      { memberId: id, reservationId: id, points: positivePoints, draws, releasedAt: instant },
      ['memberId', 'reservationId', 'points', 'draws', 'releasedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        reservationId: 'r-1',
        points: 50,
        draws: [{ lotId: 'order:o-1', points: 50, expiresAt: EXPIRY }],
        releasedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.PointsExpired',
    schemaVersion: 1,
    description:
      'Lots reached their expiry (local midnight in the program time zone) and their free points lapsed.',
    dataSchema: object({ memberId: id, points: positivePoints, draws, expiredAt: instant }, [
      'memberId',
      'points',
      'draws',
      'expiredAt',
    ]),
    examples: [
      {
        memberId: MEMBER,
        points: 79,
        draws: [{ lotId: 'order:o-1', points: 79, expiresAt: EXPIRY }],
        expiredAt: EXPIRY,
      },
    ],
  },
  {
    type: 'loyalty.PointsExpiryReminded',
    schemaVersion: 1,
    description:
      'The member has points expiring within the reminder window (30 days); notification channels react to it.',
    dataSchema: object(
      { memberId: id, points: positivePoints, firstExpiresAt: instant, remindedAt: instant },
      ['memberId', 'points', 'firstExpiresAt', 'remindedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        points: 79,
        firstExpiresAt: EXPIRY,
        remindedAt: '2027-01-30T23:00:00.000Z',
      },
    ],
  },
  {
    type: 'loyalty.OrderPointsReversed',
    schemaVersion: 1,
    description:
      "A refund or cancellation took back the order's points in proportion; points already spent became debt (never a silent floor at zero).",
    dataSchema: object(
      {
        memberId: id,
        orderId: id,
        refundedMinor: minor,
        redeemablePoints: points,
        qualifyingPoints: points,
        draws,
        debtIncurred: points,
        reversedAt: instant,
      },
      [
        'memberId',
        'orderId',
        'refundedMinor',
        'redeemablePoints',
        'qualifyingPoints',
        'draws',
        'debtIncurred',
        'reversedAt',
      ],
    ),
    examples: [
      {
        memberId: MEMBER,
        orderId: 'o-1',
        refundedMinor: 6495,
        redeemablePoints: 64,
        qualifyingPoints: 64,
        draws: [{ lotId: 'order:o-1', points: 34, expiresAt: EXPIRY }],
        debtIncurred: 30,
        reversedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.RedeemedPointsRestored',
    schemaVersion: 1,
    description:
      'The order a redemption paid for was cancelled or refunded in full: the redeemed points came back as lots with their original expiry.',
    dataSchema: object(
      {
        memberId: id,
        orderId: id,
        reservationId: id,
        points: positivePoints,
        debtSettled: points,
        lots: draws,
        restoredAt: instant,
      },
      ['memberId', 'orderId', 'reservationId', 'points', 'debtSettled', 'lots', 'restoredAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        orderId: 'o-2',
        reservationId: 'r-1',
        points: 50,
        debtSettled: 0,
        lots: [{ lotId: 'restored:r-1:order:o-1', points: 50, expiresAt: EXPIRY }],
        restoredAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.PointsAdjustmentRequested',
    schemaVersion: 1,
    description:
      'A manual adjustment above the approval threshold waits for a second user to approve it.',
    dataSchema: object(
      {
        memberId: id,
        adjustmentId: id,
        points: signedPoints,
        reason: text(500),
        requestedBy: id,
        expiresAt: instant,
        requestedAt: instant,
      },
      ['memberId', 'adjustmentId', 'points', 'reason', 'requestedBy', 'requestedAt'],
    ),
    examples: [
      {
        memberId: MEMBER,
        adjustmentId: 'a-1',
        points: 5000,
        reason: 'Compensation for a lost parcel',
        requestedBy: 'user-1',
        expiresAt: EXPIRY,
        requestedAt: AT,
      },
    ],
  },
  {
    type: 'loyalty.PointsAdjusted',
    schemaVersion: 1,
    description:
      'A manual credit (a lot, after settling debt) or debit (drawn closest expiry first), with its reason and, above the threshold, its approver.',
    dataSchema: object(
      {
        memberId: id,
        adjustmentId: id,
        points: signedPoints,
        reason: text(500),
        requestedBy: id,
        approvedBy: id,
        debtSettled: points,
        lot,
        draws,
        adjustedAt: instant,
      },
      [
        'memberId',
        'adjustmentId',
        'points',
        'reason',
        'requestedBy',
        'debtSettled',
        'draws',
        'adjustedAt',
      ],
    ),
    examples: [
      {
        memberId: MEMBER,
        adjustmentId: 'a-1',
        points: 5000,
        reason: 'Compensation for a lost parcel',
        requestedBy: 'user-1',
        approvedBy: 'user-2',
        debtSettled: 0,
        lot: { lotId: 'adjustment:a-1', points: 5000, expiresAt: EXPIRY },
        draws: [],
        adjustedAt: AT,
      },
    ],
  },
];

export const loyaltyContracts: ContextContracts = {
  context: 'loyalty',
  description:
    'Loyalty: the tenant program (earn rules, tiers, promotions) and each member’s points ledger in lots with expiry: earn, redeem in two steps, expire, reverse with explicit debt, adjust.',
  events: LOYALTY_EVENT_CONTRACTS,
};
