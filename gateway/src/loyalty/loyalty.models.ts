// GraphQL types of the loyalty API: the member's balance with its lots, the tenant's points
// liability, the ledger check and command results; inputs mirror proto/loyalty.proto (the service
// parses and validates them; GraphQL only fixes their types).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { LOYALTY_LIMITS } from '@crm/loyalty-domain';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum LoyaltyEarnRuleKind {
  AMOUNT = 'AMOUNT',
  UNIT = 'UNIT',
}
registerEnumType(LoyaltyEarnRuleKind, {
  name: 'LoyaltyEarnRuleKind',
  description: 'AMOUNT: points per perAmount spent; UNIT: points per unit bought.',
});

export enum LoyaltyTierBasis {
  QUALIFYING_POINTS = 'qualifying_points',
  ORDERS = 'orders',
}
registerEnumType(LoyaltyTierBasis, {
  name: 'LoyaltyTierBasis',
  description:
    'What tier thresholds count: QUALIFYING_POINTS (net points) or ORDERS (purchase frequency).',
});

export enum LoyaltyTierPeriod {
  ROLLING = 'rolling',
  CALENDAR_YEAR = 'calendar_year',
}
registerEnumType(LoyaltyTierPeriod, {
  name: 'LoyaltyTierPeriod',
  description:
    'The tier period: ROLLING (the last tierWindowMonths) or CALENDAR_YEAR (in the program time zone).',
});

@ObjectType({
  description: 'Points of one earning (or restore, or adjustment), spent closest expiry first.',
})
export class LoyaltyLot {
  @Field(() => String) lotId!: string;
  @Field(() => Int) points!: number;
  @Field(() => String, { description: 'Local midnight in the program time zone (ISO-8601 UTC).' })
  expiresAt!: string;
}

@ObjectType()
export class LoyaltyPendingAdjustment {
  @Field(() => String) adjustmentId!: string;
  @Field(() => Int) points!: number;
  @Field(() => String) reason!: string;
  @Field(() => String) requestedBy!: string;
}

@ObjectType({ description: 'A change of tier: an upgrade (at once) or a downgrade (at a review).' })
export class LoyaltyTierChange {
  @Field(() => String) at!: string;
  @Field(() => String, { description: 'upgrade or downgrade.' }) change!: string;
  @Field(() => String, { nullable: true }) fromTier!: string | null;
  @Field(() => String) toTier!: string;
  @Field(() => Int, { description: 'Qualifying points that decided the change.' })
  qualifyingPoints!: number;
}

@ObjectType({ description: 'One factor of the churn score, with the figures behind its points.' })
export class LoyaltyChurnFactor {
  @Field(() => String, { description: 'recency, frequency_drop or expiring_unused.' })
  factor!: string;
  @Field(() => Int) points!: number;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: "One row of a tier's benefits table." })
export class LoyaltyTierBenefit {
  @Field(() => String, {
    description: 'e.g. free-shipping; the same code in two tiers is one benefit.',
  })
  code!: string;
  @Field(() => String) description!: string;
}

@ObjectType({ description: 'A tier of the program: threshold, multiplier and benefits table.' })
export class LoyaltyProgramTier {
  @Field(() => String) name!: string;
  @Field(() => Int) qualifyingThreshold!: number;
  @Field(() => Int, { description: 'Percent: 150 = ×1.5.' }) multiplierPercent!: number;
  @Field(() => [LoyaltyTierBenefit]) benefits!: LoyaltyTierBenefit[];
}

@ObjectType({ description: 'An earn rule as defined (the shape of LoyaltyEarnRuleInput).' })
export class LoyaltyEarnRuleSetting {
  @Field(() => String) ruleId!: string;
  @Field(() => LoyaltyEarnRuleKind) kind!: LoyaltyEarnRuleKind;
  @Field(() => Int) points!: number;
  @Field(() => String, { nullable: true, description: 'AMOUNT: decimal amount per `points`.' })
  perAmount!: string | null;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field(() => Int, { nullable: true }) capPoints!: number | null;
}

@ObjectType({ description: 'A time-boxed promotion as defined.' })
export class LoyaltyPromotionSetting {
  @Field(() => String) promotionId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) from!: string;
  @Field(() => String) until!: string;
  @Field(() => Int) multiplierPercent!: number;
}

@ObjectType({
  description: 'The rest of the programme definition, as DefineLoyaltyProgramInput takes it.',
})
export class LoyaltyProgramSettings {
  @Field(() => Boolean) autoEnrol!: boolean;
  @Field(() => [LoyaltyEarnRuleSetting]) earnRules!: LoyaltyEarnRuleSetting[];
  @Field(() => [LoyaltyPromotionSetting]) promotions!: LoyaltyPromotionSetting[];
  @Field(() => Int, { nullable: true }) lotLifetimeMonths!: number | null;
  @Field(() => String, { nullable: true }) lotExpiryMonthDay!: string | null;
  @Field(() => Int) adjustmentApprovalThreshold!: number;
  @Field(() => Int, { nullable: true }) tierGraceDays!: number | null;
  @Field(() => LoyaltyTierBasis, { nullable: true }) tierBasis!: LoyaltyTierBasis | null;
  @Field(() => LoyaltyTierPeriod, { nullable: true }) tierPeriod!: LoyaltyTierPeriod | null;
  @Field(() => Int, { nullable: true }) referralRefereePoints!: number | null;
  @Field(() => Int, { nullable: true }) referralReferrerPoints!: number | null;
  @Field(() => Int, { nullable: true }) referralReturnWindowDays!: number | null;
}

@ObjectType({ description: "The tenant's loyalty program as last defined (administration view)." })
export class LoyaltyProgram {
  @Field(() => String) name!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) timeZone!: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Months of the rolling tier window; null: lifetime qualifying points.',
  })
  tierWindowMonths!: number | null;
  @Field(() => [LoyaltyProgramTier], { description: 'Lowest first.' }) tiers!: LoyaltyProgramTier[];
  @Field(() => String) definedAt!: string;
  @Field(() => LoyaltyProgramSettings, {
    nullable: true,
    description:
      'The rest of the definition, to load into a settings form (null until the read model was rebuilt).',
  })
  settings!: LoyaltyProgramSettings | null;
}

@ObjectType({ description: 'How many members hold one tier (the tier mix).' })
export class LoyaltyTierCount {
  @Field(() => String) tier!: string;
  @Field(() => Int) members!: number;
}

@ObjectType({ description: 'The liability at the end of one month (or at asOf for its month).' })
export class LoyaltyLiabilityMonthEnd {
  @Field(() => String, { description: 'YYYY-MM.' }) month!: string;
  @Field(() => String, { description: 'The UTC day whose end the figures are taken at.' })
  day!: string;
  @Field(() => Int) outstandingPoints!: number;
  @Field(() => Int) debtPoints!: number;
}

@ObjectType({
  description:
    "The tenant's points liability at the end of a past UTC day, with every month-end before it.",
})
export class LoyaltyLiabilityAsOf {
  @Field(() => String, { description: 'YYYY-MM-DD (UTC).' }) asOf!: string;
  @Field(() => Int, { description: 'Free plus reserved points owed at the end of asOf.' })
  outstandingPoints!: number;
  @Field(() => Int) debtPoints!: number;
  @Field(() => [LoyaltyLiabilityMonthEnd], {
    description: 'From the first activity, oldest first.',
  })
  monthEnds!: LoyaltyLiabilityMonthEnd[];
}

@ObjectType({ description: 'A member account: balance, tier, lots with expiry, debt.' })
export class LoyaltyMember {
  @Field(() => ID) memberId!: string;
  @Field(() => String) enrolledAt!: string;
  @Field(() => String, { description: 'manual or automatic (on registration).' }) source!: string;
  @Field(() => String, { nullable: true, description: 'Null: the base tier.' }) tier!:
    string | null;
  @Field(() => [LoyaltyTierBenefit], {
    description: "The benefits of the member's tier in the program's benefits table.",
  })
  tierBenefits!: LoyaltyTierBenefit[];
  @Field(() => String, {
    nullable: true,
    description: 'Next tier review (rolling tier window); null when none is due.',
  })
  tierReviewAt!: string | null;
  @Field(() => Boolean, { description: 'The review at tierReviewAt ends a grace period.' })
  tierInGrace!: boolean;
  @Field(() => [LoyaltyTierChange]) tierHistory!: LoyaltyTierChange[];
  @Field(() => String, { nullable: true, description: "The member's own referral code." })
  referralCode!: string | null;
  @Field(() => ID, { nullable: true, description: 'The member who referred this one.' })
  referredBy!: string | null;
  @Field(() => Int, { description: 'Points credited as referral rewards.' })
  referralPoints!: number;
  @Field(() => [String], {
    description:
      'Why the referral of this member was flagged (shared_email, shared_phone): its rewards are withheld.',
  })
  referralFlags!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The first order whose referral rewards were withheld (flagged referral).',
  })
  referralRewardWithheldFor!: string | null;
  @Field(() => String, { description: 'Churn risk band: low, medium or high.' })
  churnBand!: string;
  @Field(() => Int, { description: 'Churn score (0-100) of the last band change.' })
  churnScore!: number;
  @Field(() => [LoyaltyChurnFactor], { description: 'What drove the last raise of the band.' })
  churnFactors!: LoyaltyChurnFactor[];
  @Field(() => Int) qualifyingPoints!: number;
  @Field(() => Int, { description: 'Free points in lots.' }) availablePoints!: number;
  @Field(() => Int, { description: 'Points set aside by open reservations.' })
  reservedPoints!: number;
  @Field(() => Int, {
    description: 'Reversed points that had already been spent: settled by later credits.',
  })
  debtPoints!: number;
  @Field(() => Int) earnedPoints!: number;
  @Field(() => Int) redeemedPoints!: number;
  @Field(() => Int) expiredPoints!: number;
  @Field(() => [LoyaltyLot]) lots!: LoyaltyLot[];
  @Field(() => [LoyaltyPendingAdjustment]) pendingAdjustments!: LoyaltyPendingAdjustment[];
}

@ObjectType({
  description: "The tenant's points liability: points owed to members, and the flows.",
})
export class LoyaltyLiability {
  @Field(() => Int, { description: 'Free plus reserved points of every member.' })
  outstandingPoints!: number;
  @Field(() => Int) earnedPoints!: number;
  @Field(() => Int) redeemedPoints!: number;
  @Field(() => Int) expiredPoints!: number;
  @Field(() => Int) reversedPoints!: number;
  @Field(() => Int) adjustedPoints!: number;
  @Field(() => Int, { description: 'Credited as referral rewards.' }) referralPoints!: number;
  @Field(() => Int) debtPoints!: number;
  @Field(() => Int) members!: number;
}

@ObjectType({
  description:
    "A member as of a past instant, replayed by the service from the member's events (disputes).",
})
export class LoyaltyMemberAsOf {
  @Field(() => ID) memberId!: string;
  @Field(() => String) asOf!: string;
  @Field(() => Boolean, { description: 'False when not yet enrolled at asOf.' })
  enrolled!: boolean;
  @Field(() => String, { nullable: true, description: 'Null: the base tier.' })
  tier!: string | null;
  @Field(() => Int, { description: 'Lifetime qualifying points.' }) qualifyingPoints!: number;
  @Field(() => Int, { description: 'Free points in lots valid at asOf.' })
  availablePoints!: number;
  @Field(() => Int) reservedPoints!: number;
  @Field(() => Int) debtPoints!: number;
  @Field(() => [LoyaltyLot], { description: 'Lots valid at asOf, closest expiry first.' })
  lots!: LoyaltyLot[];
  @Field(() => String, { nullable: true }) tierReviewAt!: string | null;
  @Field(() => Boolean) tierInGrace!: boolean;
  @Field(() => [LoyaltyTierChange], { description: 'Tier changes up to asOf, oldest first.' })
  tierHistory!: LoyaltyTierChange[];
  @Field(() => Int, { description: 'Events replayed.' }) events!: number;
  @Field(() => LoyaltyTierProgress, {
    nullable: true,
    description: 'Against the programme in force; null before a programme is defined.',
  })
  tierProgress!: LoyaltyTierProgress | null;
}

@ObjectType({ description: 'How far the next tier is, in what the programme thresholds count.' })
export class LoyaltyTierProgress {
  @Field(() => LoyaltyTierBasis) basis!: LoyaltyTierBasis;
  @Field(() => Int, {
    description:
      'The figure of the current tier period (lifetime qualifying points without a tier review).',
  })
  current!: number;
  @Field(() => String, { nullable: true, description: 'Null at the top tier.' })
  nextTier!: string | null;
  @Field(() => Int, { description: 'How much more reaches the next tier (0 at the top tier).' })
  toNextTier!: number;
}

@ObjectType()
export class LoyaltyLedgerViolation {
  @Field(() => Int) index!: number;
  @Field(() => String) eventType!: string;
  @Field(() => String) problem!: string;
}

@ObjectType({ description: "The member's history replayed and checked by the service." })
export class LoyaltyLedgerCheck {
  @Field(() => Boolean) consistent!: boolean;
  @Field(() => [LoyaltyLedgerViolation]) violations!: LoyaltyLedgerViolation[];
  @Field(() => Int) availablePoints!: number;
  @Field(() => Int) reservedPoints!: number;
  @Field(() => Int) debtPoints!: number;
  @Field(() => Int) events!: number;
}

@ObjectType()
export class LoyaltyReferralCode {
  @Field(() => String) code!: string;
  @Field(() => Int, { description: 'Pass as atLeastPosition to read your own write.' })
  streamVersion!: number;
  @Field(() => String) position!: string;
}

@ObjectType()
export class LoyaltyCommandResult {
  @Field(() => ID, { description: 'The member id (the tenant id for defineLoyaltyProgram).' })
  aggregateId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => Boolean) replayed!: boolean;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Pass as atLeastPosition to read your own write.' })
  position!: string;
}

@InputType({ isAbstract: true })
abstract class LoyaltyMemberInput extends IdempotentCommandInput {
  @Field(() => ID, { description: 'The customer id.' }) memberId!: string;
}

@InputType()
export class LoyaltyEarnRuleInput {
  @Field(() => String) ruleId!: string;
  @Field(() => LoyaltyEarnRuleKind) kind!: LoyaltyEarnRuleKind;
  @Field(() => Int) points!: number;
  @Field(() => String, {
    nullable: true,
    description: 'AMOUNT: decimal amount per `points`, e.g. "1.00".',
  })
  perAmount?: string | null;
  @Field(() => String, { nullable: true, description: 'Only lines of this category count.' })
  category?: string | null;
  @Field(() => Int, { nullable: true, description: 'At most this many base points per order.' })
  capPoints?: number | null;
}

@InputType()
export class LoyaltyTierBenefitInput {
  @Field(() => String, { description: 'An id without spaces, unique within the tier.' })
  code!: string;
  @Field(() => String, { description: `At most ${LOYALTY_LIMITS.benefitDescription} characters.` })
  description!: string;
}

@InputType()
export class LoyaltyTierInput {
  @Field(() => String) name!: string;
  @Field(() => Int) qualifyingThreshold!: number;
  @Field(() => Int, { description: 'Percent: 150 = ×1.5 (100-1000).' }) multiplierPercent!: number;
  @Field(() => [LoyaltyTierBenefitInput], {
    defaultValue: [],
    description: `The tier's benefits table, at most ${LOYALTY_LIMITS.benefitsPerTier}.`,
  })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyTierBenefitInput)
  benefits!: LoyaltyTierBenefitInput[];
}

@InputType()
export class LoyaltyPromotionInput {
  @Field(() => String) promotionId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) from!: string;
  @Field(() => String) until!: string;
  @Field(() => Int) multiplierPercent!: number;
}

@InputType()
export class DefineLoyaltyProgramInput extends IdempotentCommandInput {
  @Field(() => String, { description: `At most ${LOYALTY_LIMITS.name} characters.` }) name!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'IANA zone in which lots expire at local midnight.' })
  timeZone!: string;
  @Field(() => Boolean) autoEnrol!: boolean;
  @Field(() => [LoyaltyEarnRuleInput], { description: `At most ${LOYALTY_LIMITS.earnRules}.` })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyEarnRuleInput)
  earnRules!: LoyaltyEarnRuleInput[];
  @Field(() => [LoyaltyTierInput], {
    description: `At most ${LOYALTY_LIMITS.tiers}; the first starts at 0.`,
  })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyTierInput)
  tiers!: LoyaltyTierInput[];
  @Field(() => [LoyaltyPromotionInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyPromotionInput)
  promotions!: LoyaltyPromotionInput[];
  @Field(() => Int, {
    nullable: true,
    description: 'Lots live this many months (or give lotExpiryMonthDay).',
  })
  lotLifetimeMonths?: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Lots expire at the next such day of the year, MM-DD.',
  })
  lotExpiryMonthDay?: string | null;
  @Field(() => Int, { description: 'Manual adjustments above this need a second user.' })
  adjustmentApprovalThreshold!: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Tiers decided by the qualifying points of this many last months (1-36), reviewed a window after they are reached. Null: lifetime points, tiers only go up.',
  })
  tierWindowMonths?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'With tierWindowMonths: days a member keeps a tier no longer earned (0-365).',
  })
  tierGraceDays?: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Points for a referred member on their first order (with referralReferrerPoints). Null: no referral rewards.',
  })
  referralRefereePoints?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "Points for the referrer when the referred member's first order is placed.",
  })
  referralReferrerPoints?: number | null;
  @Field(() => LoyaltyTierBasis, {
    nullable: true,
    description: 'With tierWindowMonths: what the thresholds count (default QUALIFYING_POINTS).',
  })
  tierBasis?: LoyaltyTierBasis | null;
  @Field(() => LoyaltyTierPeriod, {
    nullable: true,
    description:
      'With tierWindowMonths: the period (default ROLLING; CALENDAR_YEAR needs tierWindowMonths 12).',
  })
  tierPeriod?: LoyaltyTierPeriod | null;
  @Field(() => Int, {
    nullable: true,
    description:
      "Days after the referred member's first order before both sides are credited (0-365); a first order returned in full within them rewards nobody. Null: at once.",
  })
  referralReturnWindowDays?: number | null;
}

@InputType()
export class IssueLoyaltyReferralCodeInput extends LoyaltyMemberInput {}

@InputType()
export class RecordLoyaltyReferralInput extends LoyaltyMemberInput {
  @Field(() => String, { description: "The referrer's 8-character code (case-insensitive)." })
  referralCode!: string;
}

@InputType()
export class EnrolLoyaltyMemberInput extends LoyaltyMemberInput {}

@InputType()
export class LoyaltyPurchaseLineInput {
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { nullable: true }) unitPrice?: string | null;
}

@InputType()
export class RecordLoyaltyPurchaseInput extends LoyaltyMemberInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String, { description: 'Decimal, e.g. "129.90".' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => [LoyaltyPurchaseLineInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => LoyaltyPurchaseLineInput)
  lines!: LoyaltyPurchaseLineInput[];
  @Field(() => String) placedAt!: string;
}

@InputType()
export class ReserveLoyaltyPointsInput extends LoyaltyMemberInput {
  @Field(() => ID) reservationId!: string;
  @Field(() => Int) points!: number;
  @Field(() => ID, { nullable: true, description: 'The order the points pay for.' }) orderId?:
    string | null;
}

@InputType({ isAbstract: true })
abstract class LoyaltyReservationInput extends LoyaltyMemberInput {
  @Field(() => ID) reservationId!: string;
}

@InputType()
export class ConfirmLoyaltyReservationInput extends LoyaltyReservationInput {}

@InputType()
export class ReleaseLoyaltyReservationInput extends LoyaltyReservationInput {}

@InputType()
export class AdjustLoyaltyPointsInput extends LoyaltyMemberInput {
  @Field(() => ID) adjustmentId!: string;
  @Field(() => Int, { description: 'Positive credits, negative debits.' }) points!: number;
  @Field(() => String, { description: `At most ${LOYALTY_LIMITS.reason} characters.` })
  reason!: string;
  @Field(() => String, { nullable: true, description: 'Credits: when the lot expires.' })
  expiresAt?: string | null;
}

@InputType()
export class ApproveLoyaltyAdjustmentInput extends LoyaltyMemberInput {
  @Field(() => ID) adjustmentId!: string;
}
