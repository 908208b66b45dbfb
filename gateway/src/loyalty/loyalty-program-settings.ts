// The current programme as administration edits it (LoyaltyProgram.settings): the definition in
// the shape DefineLoyaltyProgramInput takes, so a settings form can load it, change some fields
// and send the whole definition back without losing the rest.
import type { EarnRule, ProgramDefinition } from '@crm/loyalty-domain';
import {
  LoyaltyEarnRuleKind,
  type LoyaltyEarnRuleSetting,
  type LoyaltyProgramSettings,
  type LoyaltyTierBasis,
  type LoyaltyTierPeriod,
} from './loyalty.models';

/** 12345 minor units → "123.45", the decimal form the input takes back. */
function decimalOf(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

function earnRuleSetting(rule: EarnRule): LoyaltyEarnRuleSetting {
  return {
    ruleId: rule.ruleId,
    kind: rule.kind === 'amount' ? LoyaltyEarnRuleKind.AMOUNT : LoyaltyEarnRuleKind.UNIT,
    points: rule.points,
    perAmount: rule.kind === 'amount' ? decimalOf(rule.perMinor) : null,
    category: rule.category ?? null,
    capPoints: rule.capPoints ?? null,
  };
}

export function programSettingsOf(definition: ProgramDefinition): LoyaltyProgramSettings {
  const lifetime = definition.lotLifetime;
  const review = definition.tierReview;
  const reward = definition.referralReward;
  return {
    autoEnrol: definition.autoEnrol,
    earnRules: definition.earnRules.map(earnRuleSetting),
    promotions: definition.promotions.map((p) => ({ ...p })),
    lotLifetimeMonths: lifetime.kind === 'rolling_months' ? lifetime.months : null,
    lotExpiryMonthDay: lifetime.kind === 'fixed_day' ? lifetime.monthDay : null,
    adjustmentApprovalThreshold: definition.adjustmentApprovalThreshold,
    tierGraceDays: review?.graceDays ?? null,
    tierBasis: review ? ((review.basis ?? 'qualifying_points') as LoyaltyTierBasis) : null,
    tierPeriod: review ? ((review.period ?? 'rolling') as LoyaltyTierPeriod) : null,
    referralRefereePoints: reward?.refereePoints ?? null,
    referralReferrerPoints: reward?.referrerPoints ?? null,
    referralReturnWindowDays: reward ? (reward.returnWindowDays ?? 0) : null,
  };
}
