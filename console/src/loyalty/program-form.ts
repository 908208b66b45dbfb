// The programme settings form's values from the programme as last defined, and back to the whole
// definition the gateway takes: what the form does not edit (other earn rules, promotions, tier
// benefits, a fixed expiry day) is sent back as it was loaded, so saving never drops it.
import type {
  DefineLoyaltyProgramInput,
  LoyaltyTierBasis,
  LoyaltyTierPeriod,
} from '../graphql/generated/graphql';

interface Benefit {
  code: string;
  description: string;
}

/** Settings the form edits as the gateway returns them, one to one. */
interface SharedSettings {
  lotLifetimeMonths?: number | null;
  lotExpiryMonthDay?: string | null;
  adjustmentApprovalThreshold: number;
  tierGraceDays?: number | null;
  tierBasis?: LoyaltyTierBasis | null;
  tierPeriod?: LoyaltyTierPeriod | null;
  referralRefereePoints?: number | null;
  referralReferrerPoints?: number | null;
  referralReturnWindowDays?: number | null;
}

/** The programme as `loyaltyProgram` answers it (the fields the form needs). */
export interface LoadedProgram {
  name: string;
  currency: string;
  timeZone: string;
  tierWindowMonths?: number | null;
  tiers: {
    name: string;
    qualifyingThreshold: number;
    multiplierPercent: number;
    benefits: Benefit[];
  }[];
  settings?:
    | ({
        autoEnrol: boolean;
        earnRules: {
          ruleId: string;
          kind: 'AMOUNT' | 'UNIT';
          points: number;
          perAmount?: string | null;
          category?: string | null;
          capPoints?: number | null;
        }[];
        promotions: {
          __typename?: string;
          promotionId: string;
          name: string;
          from: string;
          until: string;
          multiplierPercent: number;
        }[];
      } & SharedSettings)
    | null;
}

export interface ProgramForm extends SharedSettings {
  name: string;
  currency: string;
  timeZone: string;
  autoEnrol: boolean;
  pointsPerAmount: number;
  perAmount: string;
  tiers: { name: string; qualifyingThreshold: number; multiplierPercent: number }[];
  tierWindowMonths?: number | null;
}

/** A new programme: the browser's zone, lots expire at local midnight where it is run from. */
export const NEW_PROGRAM: ProgramForm = {
  name: 'Rewards',
  currency: 'EUR',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  autoEnrol: true,
  pointsPerAmount: 1,
  perAmount: '1.00',
  lotLifetimeMonths: 24,
  adjustmentApprovalThreshold: 1000,
  tiers: [
    { name: 'Silver', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Gold', qualifyingThreshold: 1000, multiplierPercent: 150 },
  ],
};

type EarnRule = NonNullable<LoadedProgram['settings']>['earnRules'][number];

/** The rule the form edits: the first AMOUNT rule over the whole order. */
const isBaseRule = (rule: EarnRule) => rule.kind === 'AMOUNT' && !rule.category;

export function formOf(program: LoadedProgram | null | undefined): ProgramForm {
  if (!program) return NEW_PROGRAM;
  const s = program.settings;
  const base = s?.earnRules.find(isBaseRule);
  return {
    name: program.name,
    currency: program.currency,
    timeZone: program.timeZone,
    autoEnrol: s?.autoEnrol ?? NEW_PROGRAM.autoEnrol,
    pointsPerAmount: base?.points ?? NEW_PROGRAM.pointsPerAmount,
    perAmount: base?.perAmount ?? NEW_PROGRAM.perAmount,
    lotLifetimeMonths: s ? (s.lotLifetimeMonths ?? null) : NEW_PROGRAM.lotLifetimeMonths,
    lotExpiryMonthDay: s?.lotExpiryMonthDay ?? null,
    adjustmentApprovalThreshold:
      s?.adjustmentApprovalThreshold ?? NEW_PROGRAM.adjustmentApprovalThreshold,
    tiers: program.tiers.map(({ name, qualifyingThreshold, multiplierPercent }) => ({
      name,
      qualifyingThreshold,
      multiplierPercent,
    })),
    tierWindowMonths: program.tierWindowMonths ?? null,
    tierGraceDays: s?.tierGraceDays ?? null,
    tierBasis: s?.tierBasis ?? null,
    tierPeriod: s?.tierPeriod ?? null,
    referralRefereePoints: s?.referralRefereePoints ?? null,
    referralReferrerPoints: s?.referralReferrerPoints ?? null,
    referralReturnWindowDays: s?.referralReturnWindowDays ?? null,
  };
}

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

export function inputOf(
  form: ProgramForm,
  loaded: LoadedProgram | null | undefined,
): DefineLoyaltyProgramInput {
  const rules = loaded?.settings?.earnRules ?? [];
  const baseAt = rules.findIndex(isBaseRule);
  const base = {
    ruleId: rules[baseAt]?.ruleId ?? 'base',
    kind: 'AMOUNT' as const,
    points: form.pointsPerAmount,
    perAmount: form.perAmount,
  };
  const edited = baseAt === -1 ? [base, ...rules] : rules.map((r, i) => (i === baseAt ? base : r));
  const earnRules = edited.map((r) => ({
    ruleId: r.ruleId,
    kind: r.kind,
    points: r.points,
    perAmount: orNull(r.perAmount),
    category: orNull('category' in r ? r.category : null),
    capPoints: orNull('capPoints' in r ? r.capPoints : null),
  }));
  const benefitsOf = (tier: string) =>
    (loaded?.tiers.find((t) => t.name === tier)?.benefits ?? []).map(({ code, description }) => ({
      code,
      description,
    }));
  const review = form.tierWindowMonths != null;
  const referral = form.referralRefereePoints != null || form.referralReferrerPoints != null;
  return {
    name: form.name,
    currency: form.currency,
    timeZone: form.timeZone,
    autoEnrol: form.autoEnrol,
    adjustmentApprovalThreshold: form.adjustmentApprovalThreshold,
    // A fixed expiry day wins over months when both are given (the gateway takes one).
    lotExpiryMonthDay: form.lotExpiryMonthDay || null,
    lotLifetimeMonths: form.lotExpiryMonthDay ? null : orNull(form.lotLifetimeMonths),
    earnRules,
    // Field by field: Apollo's results carry `__typename`, which an input type refuses.
    promotions: (loaded?.settings?.promotions ?? []).map(
      ({ promotionId, name, from, until, multiplierPercent }) => ({
        promotionId,
        name,
        from,
        until,
        multiplierPercent,
      }),
    ),
    tiers: form.tiers.map((tier) => ({ ...tier, benefits: benefitsOf(tier.name) })),
    tierWindowMonths: review ? form.tierWindowMonths : null,
    tierGraceDays: review ? (form.tierGraceDays ?? 0) : null,
    tierBasis: review ? orNull(form.tierBasis) : null,
    tierPeriod: review ? orNull(form.tierPeriod) : null,
    referralRefereePoints: referral ? orNull(form.referralRefereePoints) : null,
    referralReferrerPoints: referral ? orNull(form.referralReferrerPoints) : null,
    referralReturnWindowDays: referral ? orNull(form.referralReturnWindowDays) : null,
  };
}
