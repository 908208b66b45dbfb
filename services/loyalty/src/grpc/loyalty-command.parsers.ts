// Parse once, at the edge: each generated proto request becomes a typed domain value or a
// LoyaltyValidationError naming every bad field (INVALID_ARGUMENT with violations). Limits come
// from LOYALTY_LIMITS; the decider then checks only business rules.
import type * as P from '@crm/contracts/loyalty-grpc';
import {
  LOYALTY_LIMITS,
  REFERRAL_CODE_PATTERN,
  type EarnRule,
  type EarningOrder,
  type LotLifetime,
  type ProgramDefinition,
  type ReferralFlag,
  type TierBasis,
  type TierBenefit,
  type TierPeriod,
} from '@crm/loyalty-domain';
import { LoyaltyValidationError, type FieldViolation } from './grpc-errors';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const MONEY = /^\d{1,12}(?:\.\d{1,2})?$/;

/** Collects violations; `throwIfAny` ends parsing with all of them at once. */
export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, code: FieldViolation['code'], message: string): void {
    this.list.push({ field, code, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new LoyaltyValidationError(this.list);
  }

  id(field: string, value: string | undefined, required = true): string {
    const id = (value ?? '').trim();
    if (!id) {
      if (required) this.add(field, 'REQUIRED', 'is required');
    } else if (id.length > LOYALTY_LIMITS.id || /[\s/]/.test(id)) {
      this.add(
        field,
        'INVALID_FORMAT',
        `must be at most ${LOYALTY_LIMITS.id} characters without spaces or /`,
      );
    }
    return id;
  }

  text(field: string, value: string | undefined, max: number, required = true): string {
    const text = (value ?? '').trim();
    if (!text && required) this.add(field, 'REQUIRED', 'is required');
    if (text.length > max) this.add(field, 'TOO_LONG', `must be at most ${max} characters`);
    return text;
  }

  instant(field: string, value: string | undefined, required = true): string {
    const text = (value ?? '').trim();
    if (!text) {
      if (required) this.add(field, 'REQUIRED', 'is required');
      return '';
    }
    if (!ISO_UTC.test(text) || Number.isNaN(Date.parse(text))) {
      this.add(
        field,
        'INVALID_FORMAT',
        'must be an ISO-8601 UTC instant like 2026-05-01T10:00:00.000Z',
      );
      return '';
    }
    return new Date(text).toISOString();
  }

  /** A decimal amount ("129.90") in minor units. */
  money(field: string, value: string | undefined, required = true): number | undefined {
    const text = (value ?? '').trim();
    if (!text) {
      if (required) this.add(field, 'REQUIRED', 'is required');
      return undefined;
    }
    if (!MONEY.test(text)) {
      this.add(field, 'INVALID_FORMAT', 'must be a decimal amount with at most 2 fraction digits');
      return undefined;
    }
    const [whole, fraction = ''] = text.split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }

  points(field: string, value: number, min = 1): number {
    if (!Number.isSafeInteger(value) || value < min || value > LOYALTY_LIMITS.maxPoints)
      this.add(
        field,
        'OUT_OF_RANGE',
        `must be a whole number from ${min} to ${LOYALTY_LIMITS.maxPoints}`,
      );
    return value;
  }

  count(field: string, items: readonly unknown[], max: number): void {
    if (items.length > max) this.add(field, 'TOO_MANY', `at most ${max} allowed`);
  }

  currency(field: string, value: string | undefined): string {
    const text = (value ?? '').trim();
    if (!/^[A-Z]{3}$/.test(text))
      this.add(field, 'INVALID_FORMAT', 'must be an ISO 4217 code like EUR');
    return text;
  }
}

function parseEarnRule(v: Violations, rule: P.EarnRule__Output, i: number): EarnRule {
  const at = `program.earnRules[${i}]`;
  const common = {
    ruleId: v.id(`${at}.ruleId`, rule.ruleId),
    points: v.points(`${at}.points`, rule.points),
    ...(rule.category.trim()
      ? { category: v.text(`${at}.category`, rule.category, LOYALTY_LIMITS.name) }
      : {}),
    ...(rule.capPoints > 0 ? { capPoints: v.points(`${at}.capPoints`, rule.capPoints) } : {}),
  };
  if (rule.kind === 'EARN_RULE_KIND_AMOUNT') {
    const perMinor = v.money(`${at}.perAmount`, rule.perAmount) ?? 1;
    if (perMinor === 0) v.add(`${at}.perAmount`, 'OUT_OF_RANGE', 'must be more than 0');
    return { ...common, kind: 'amount', perMinor: Math.max(perMinor, 1) };
  }
  if (rule.kind !== 'EARN_RULE_KIND_UNIT')
    v.add(`${at}.kind`, 'UNKNOWN_VALUE', 'must be AMOUNT or UNIT');
  return { ...common, kind: 'unit' };
}

function parseLifetime(v: Violations, lifetime: P.LotLifetime__Output | null): LotLifetime {
  if (lifetime?.kind === 'rollingMonths')
    return { kind: 'rolling_months', months: lifetime.rollingMonths ?? 0 };
  if (lifetime?.kind === 'fixedMonthDay')
    return { kind: 'fixed_day', monthDay: lifetime.fixedMonthDay ?? '' };
  v.add('program.lotLifetime', 'REQUIRED', 'give rollingMonths or fixedMonthDay');
  return { kind: 'rolling_months', months: 12 };
}

/** A tier's benefits; a tier without any keeps the shape programs had before the table. */
function parseBenefits(
  v: Violations,
  benefits: readonly P.TierBenefit__Output[],
  tier: number,
): { benefits?: TierBenefit[] } {
  const field = `program.tiers[${tier}].benefits`;
  v.count(field, benefits, LOYALTY_LIMITS.benefitsPerTier);
  if (benefits.length === 0) return {};
  return {
    benefits: benefits.map((benefit, j) => ({
      code: v.id(`${field}[${j}].code`, benefit.code),
      description: v.text(
        `${field}[${j}].description`,
        benefit.description,
        LOYALTY_LIMITS.benefitDescription,
      ),
    })),
  };
}

export function parseDefineProgram(req: P.DefineProgramRequest__Output): ProgramDefinition {
  const v = new Violations();
  const p = req.program;
  if (!p) {
    v.add('program', 'REQUIRED', 'is required');
    v.throwIfAny();
  }
  const program = p as P.ProgramDefinition__Output;
  v.count('program.earnRules', program.earnRules, LOYALTY_LIMITS.earnRules);
  v.count('program.tiers', program.tiers, LOYALTY_LIMITS.tiers);
  v.count('program.promotions', program.promotions, LOYALTY_LIMITS.promotions);
  const definition: ProgramDefinition = {
    name: v.text('program.name', program.name, LOYALTY_LIMITS.name),
    currency: v.currency('program.currency', program.currency),
    timeZone: v.text('program.timeZone', program.timeZone, 64),
    autoEnrol: program.autoEnrol,
    earnRules: program.earnRules.map((rule, i) => parseEarnRule(v, rule, i)),
    tiers: program.tiers.map((tier, i) => ({
      name: v.text(`program.tiers[${i}].name`, tier.name, LOYALTY_LIMITS.name),
      qualifyingThreshold: v.points(
        `program.tiers[${i}].qualifyingThreshold`,
        tier.qualifyingThreshold,
        0,
      ),
      multiplierPercent: tier.multiplierPercent,
      ...parseBenefits(v, tier.benefits, i),
    })),
    promotions: program.promotions.map((promotion, i) => ({
      promotionId: v.id(`program.promotions[${i}].promotionId`, promotion.promotionId),
      name: v.text(`program.promotions[${i}].name`, promotion.name, LOYALTY_LIMITS.name),
      from: v.instant(`program.promotions[${i}].from`, promotion.from),
      until: v.instant(`program.promotions[${i}].until`, promotion.until),
      multiplierPercent: promotion.multiplierPercent,
    })),
    lotLifetime: parseLifetime(v, program.lotLifetime),
    adjustmentApprovalThreshold: v.points(
      'program.adjustmentApprovalThreshold',
      program.adjustmentApprovalThreshold,
      0,
    ),
    // Ranges are the decider's (INVALID_PROGRAM naming the field), like the lot lifetime's.
    ...(program.tierReview
      ? {
          tierReview: {
            windowMonths: program.tierReview.windowMonths,
            graceDays: program.tierReview.graceDays,
            // Empty is the default; any other unknown word is the decider's INVALID_PROGRAM.
            ...(program.tierReview.basis ? { basis: program.tierReview.basis as TierBasis } : {}),
            ...(program.tierReview.period
              ? { period: program.tierReview.period as TierPeriod }
              : {}),
          },
        }
      : {}),
    ...(program.referralReward
      ? {
          referralReward: {
            refereePoints: program.referralReward.refereePoints,
            referrerPoints: program.referralReward.referrerPoints,
            ...(program.referralReward.returnWindowDays > 0
              ? { returnWindowDays: program.referralReward.returnWindowDays }
              : {}),
          },
        }
      : {}),
  };
  v.throwIfAny();
  return definition;
}

export function parseMemberId(req: { memberId: string }): string {
  const v = new Violations();
  const memberId = v.id('memberId', req.memberId);
  v.throwIfAny();
  return memberId;
}

export function parseRecordPurchase(req: P.RecordPurchaseRequest__Output): EarningOrder {
  const v = new Violations();
  v.count('lines', req.lines, 500);
  const order: EarningOrder = {
    orderId: v.id('orderId', req.orderId),
    amountMinor: v.money('amount', req.amount) ?? 0,
    currency: v.currency('currency', req.currency),
    lines: req.lines.map((line, i) => {
      const unitPriceMinor = v.money(`lines[${i}].unitPrice`, line.unitPrice, false);
      if (line.quantity < 1) v.add(`lines[${i}].quantity`, 'OUT_OF_RANGE', 'must be at least 1');
      return {
        category: v.text(`lines[${i}].category`, line.category, LOYALTY_LIMITS.name, false),
        quantity: line.quantity,
        ...(unitPriceMinor === undefined ? {} : { unitPriceMinor }),
      };
    }),
    placedAt: v.instant('placedAt', req.placedAt),
  };
  v.throwIfAny();
  return order;
}

export function parseReserve(req: P.ReservePointsRequest__Output): {
  reservationId: string;
  points: number;
  orderId?: string;
} {
  const v = new Violations();
  const reservationId = v.id('reservationId', req.reservationId);
  const points = v.points('points', req.points);
  const orderId = v.id('orderId', req.orderId, false);
  v.throwIfAny();
  return { reservationId, points, ...(orderId ? { orderId } : {}) };
}

export function parseReservationId(req: P.ReservationRequest__Output): string {
  const v = new Violations();
  const reservationId = v.id('reservationId', req.reservationId);
  v.throwIfAny();
  return reservationId;
}

export function parseAdjust(req: P.AdjustPointsRequest__Output): {
  adjustmentId: string;
  points: number;
  reason: string;
  expiresAt?: string;
} {
  const v = new Violations();
  const adjustmentId = v.id('adjustmentId', req.adjustmentId);
  const points = req.points;
  if (points === 0 || !Number.isSafeInteger(points) || Math.abs(points) > LOYALTY_LIMITS.maxPoints)
    v.add(
      'points',
      'OUT_OF_RANGE',
      `must be a non-zero whole number within ±${LOYALTY_LIMITS.maxPoints}`,
    );
  const reason = v.text('reason', req.reason, LOYALTY_LIMITS.reason);
  const expiresAt = v.instant('expiresAt', req.expiresAt, points > 0);
  v.throwIfAny();
  return { adjustmentId, points, reason, ...(expiresAt ? { expiresAt } : {}) };
}

export function parseAdjustmentId(req: P.ApproveAdjustmentRequest__Output): string {
  const v = new Violations();
  const adjustmentId = v.id('adjustmentId', req.adjustmentId);
  v.throwIfAny();
  return adjustmentId;
}

/** The instant of a time-travel query: required, ISO-8601 UTC, not after `now`. */
export function parseAsOf(req: P.GetMemberAsOfRequest__Output, now: string): string {
  const v = new Violations();
  const asOf = v.instant('asOf', req.asOf);
  if (asOf && Date.parse(asOf) > Date.parse(now))
    v.add('asOf', 'OUT_OF_RANGE', 'must not be in the future');
  v.throwIfAny();
  return asOf;
}

/** The contact kinds the caller found shared with `checkedAgainst` (the referrer it resolved). */
export function parseSharedContacts(req: P.RecordReferralRequest__Output): {
  sharedContacts: ReferralFlag[];
  checkedAgainst: string;
} {
  const v = new Violations();
  const flags = (req.sharedContacts ?? []).map((kind, i) => {
    if (kind !== 'email' && kind !== 'phone')
      v.add(`sharedContacts[${i}]`, 'UNKNOWN_VALUE', 'must be email or phone');
    return `shared_${kind}` as ReferralFlag;
  });
  const checkedAgainst = (req.contactsCheckedAgainst ?? '').trim();
  if (flags.length > 0 && !checkedAgainst)
    v.add('contactsCheckedAgainst', 'REQUIRED', 'names the member the contacts were compared with');
  v.throwIfAny();
  return { sharedContacts: flags, checkedAgainst };
}

/** A referral code as people type it: case and surrounding spaces do not matter. */
export function parseReferralCode(req: P.RecordReferralRequest__Output): string {
  const v = new Violations();
  const code = (req.referralCode ?? '').trim().toUpperCase();
  if (!code) v.add('referralCode', 'REQUIRED', 'is required');
  else if (!REFERRAL_CODE_PATTERN.test(code))
    v.add('referralCode', 'INVALID_FORMAT', 'must be the 8-character code the referrer received');
  v.throwIfAny();
  return code;
}
