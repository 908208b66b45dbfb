// The Program aggregate (one per tenant): its definition, checked for consistency before it is
// recorded. Shapes and lengths are the parser's; the rules between fields are checked here.
import type { Decider } from '@crm/event-sourcing';
import { InvalidProgramError } from '../errors';
import { LOYALTY_LIMITS } from '../loyalty.limits';
import { isKnownTimeZone } from './local-midnight';
import type { ProgramDefinition } from './program.types';

export type ProgramEvent =
  | {
      readonly type: 'loyalty.ProgramDefined';
      readonly data: { readonly definition: ProgramDefinition; readonly definedAt: string };
    }
  | {
      readonly type: 'loyalty.ProgramRevised';
      readonly data: { readonly definition: ProgramDefinition; readonly revisedAt: string };
    };

export type ProgramCommand = {
  readonly type: 'DefineProgram';
  readonly data: { readonly definition: ProgramDefinition; readonly at: string };
};

export type ProgramState =
  | { readonly status: 'undefined' }
  | { readonly status: 'defined'; readonly definition: ProgramDefinition };

const positiveInteger = (n: number | undefined): boolean =>
  n !== undefined && Number.isSafeInteger(n) && n > 0;

function multiplierOk(percent: number): boolean {
  return (
    Number.isSafeInteger(percent) &&
    percent >= LOYALTY_LIMITS.minMultiplierPercent &&
    percent <= LOYALTY_LIMITS.maxMultiplierPercent
  );
}

/** Throws InvalidProgramError naming the first inconsistent field. */
export function checkProgram(definition: ProgramDefinition): void {
  const fail = (field: string, detail: string): never => {
    throw new InvalidProgramError(field, detail);
  };
  if (!isKnownTimeZone(definition.timeZone)) fail('timeZone', 'unknown IANA time zone');
  if (!/^[A-Z]{3}$/.test(definition.currency)) fail('currency', 'must be an ISO 4217 code');
  if (definition.earnRules.length === 0)
    fail('earnRules', 'a program needs at least one earn rule');
  const ruleIds = new Set<string>();
  definition.earnRules.forEach((rule, i) => {
    if (ruleIds.has(rule.ruleId)) fail(`earnRules.${i}.ruleId`, 'duplicate rule id');
    ruleIds.add(rule.ruleId);
    if (!positiveInteger(rule.points)) fail(`earnRules.${i}.points`, 'must be a positive integer');
    if (rule.kind === 'amount' && !positiveInteger(rule.perMinor))
      fail(`earnRules.${i}.perMinor`, 'must be a positive integer');
    if (rule.capPoints !== undefined && !positiveInteger(rule.capPoints))
      fail(`earnRules.${i}.capPoints`, 'must be a positive integer');
  });
  definition.tiers.forEach((tier, i) => {
    const previous = definition.tiers[i - 1];
    if (i === 0 && tier.qualifyingThreshold !== 0)
      fail('tiers.0.qualifyingThreshold', 'the first tier starts at 0');
    if (previous && tier.qualifyingThreshold <= previous.qualifyingThreshold)
      fail(`tiers.${i}.qualifyingThreshold`, 'thresholds must increase');
    if (definition.tiers.findIndex((t) => t.name === tier.name) !== i)
      fail(`tiers.${i}.name`, 'duplicate tier name');
    if (!multiplierOk(tier.multiplierPercent))
      fail(`tiers.${i}.multiplierPercent`, 'must be an integer from 100 to 1000');
    const codes = (tier.benefits ?? []).map((benefit) => benefit.code);
    codes.forEach((code, j) => {
      if (codes.indexOf(code) !== j)
        fail(`tiers.${i}.benefits.${j}.code`, 'duplicate benefit code');
    });
  });
  definition.promotions.forEach((promotion, i) => {
    if (!(Date.parse(promotion.from) < Date.parse(promotion.until)))
      fail(`promotions.${i}.until`, 'must be after from');
    if (!multiplierOk(promotion.multiplierPercent))
      fail(`promotions.${i}.multiplierPercent`, 'must be an integer from 100 to 1000');
  });
  const lifetime = definition.lotLifetime;
  if (
    lifetime.kind === 'rolling_months' &&
    !(positiveInteger(lifetime.months) && lifetime.months <= LOYALTY_LIMITS.maxLotLifetimeMonths)
  )
    fail(
      'lotLifetime.months',
      `must be an integer from 1 to ${LOYALTY_LIMITS.maxLotLifetimeMonths}`,
    );
  if (lifetime.kind === 'fixed_day' && !validMonthDay(lifetime.monthDay))
    fail('lotLifetime.monthDay', 'must be MM-DD of a day every year has');
  const review = definition.tierReview;
  if (
    review &&
    !(
      positiveInteger(review.windowMonths) &&
      review.windowMonths <= LOYALTY_LIMITS.maxTierWindowMonths
    )
  )
    fail(
      'tierReview.windowMonths',
      `must be an integer from 1 to ${LOYALTY_LIMITS.maxTierWindowMonths}`,
    );
  if (
    review &&
    !(
      Number.isSafeInteger(review.graceDays) &&
      review.graceDays >= 0 &&
      review.graceDays <= LOYALTY_LIMITS.maxTierGraceDays
    )
  )
    fail('tierReview.graceDays', `must be an integer from 0 to ${LOYALTY_LIMITS.maxTierGraceDays}`);
  if (review?.basis !== undefined && !['qualifying_points', 'orders'].includes(review.basis))
    fail('tierReview.basis', 'must be qualifying_points or orders');
  if (review?.period !== undefined && !['rolling', 'calendar_year'].includes(review.period))
    fail('tierReview.period', 'must be rolling or calendar_year');
  if (review?.period === 'calendar_year' && review.windowMonths !== 12)
    fail('tierReview.windowMonths', 'must be 12 when the period is the calendar year');
  const reward = definition.referralReward;
  for (const side of ['refereePoints', 'referrerPoints'] as const) {
    if (reward && !(positiveInteger(reward[side]) && reward[side] <= LOYALTY_LIMITS.maxPoints))
      fail(`referralReward.${side}`, `must be an integer from 1 to ${LOYALTY_LIMITS.maxPoints}`);
  }
  const returnDays = reward?.returnWindowDays;
  if (
    returnDays !== undefined &&
    !(
      Number.isSafeInteger(returnDays) &&
      returnDays >= 0 &&
      returnDays <= LOYALTY_LIMITS.maxReferralReturnWindowDays
    )
  )
    fail(
      'referralReward.returnWindowDays',
      `must be an integer from 0 to ${LOYALTY_LIMITS.maxReferralReturnWindowDays}`,
    );
  if (!(
    Number.isSafeInteger(definition.adjustmentApprovalThreshold) &&
    definition.adjustmentApprovalThreshold >= 0
  ))
    fail('adjustmentApprovalThreshold', 'must be a non-negative integer');
}

function validMonthDay(monthDay: string): boolean {
  const match = /^(\d{2})-(\d{2})$/.exec(monthDay);
  if (!match) return false;
  const [month, day] = [Number(match[1]), Number(match[2])];
  // 2023 is not a leap year: Feb 29 is refused because it does not come every year.
  const date = new Date(Date.UTC(2023, month - 1, day));
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const programDecider: Decider<ProgramState, ProgramCommand, ProgramEvent> = {
  initialState: { status: 'undefined' },
  decide(command, state) {
    checkProgram(command.data.definition);
    return state.status === 'undefined'
      ? [
          {
            type: 'loyalty.ProgramDefined',
            data: { definition: command.data.definition, definedAt: command.data.at },
          },
        ]
      : [
          {
            type: 'loyalty.ProgramRevised',
            data: { definition: command.data.definition, revisedAt: command.data.at },
          },
        ];
  },
  evolve(_state, event) {
    switch (event.type) {
      case 'loyalty.ProgramDefined':
      case 'loyalty.ProgramRevised':
        return { status: 'defined', definition: event.data.definition };
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  },
};
