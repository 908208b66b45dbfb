// Evaluates a parsed segment rule against one customer document in memory, with the terms that
// made it match: "why is this customer in the segment". Same semantics as the MongoDB filter of
// segment-filter.ts (a property test compares both): comparisons only between values of the same
// type, a missing value is "not equal" and never "greater" or "less".
import {
  daysBefore,
  describeCondition,
  monthsCovering,
  tagKey,
  TAG_KINDS,
  VALUE_TIER_MINOR,
  type AudienceCustomer,
  type Comparison,
  type CustomFieldValue,
  type SegmentCondition,
  type SegmentRule,
  type ValueTier,
} from './segment-rule';
import { rfmScore, type RfmModels } from '../rfm/rfm';

export interface SegmentEvaluation {
  readonly matches: boolean;
  /** The terms that made the rule true (empty when it does not match). */
  readonly matchedTerms: readonly string[];
}

/** Own property only: a customer's map never answers for `__proto__` or `constructor`. */
function own<T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

function tierOf(minor: unknown, tier: ValueTier): boolean {
  const amount = typeof minor === 'number' ? minor : undefined;
  switch (tier) {
    case 'none':
      return !(amount !== undefined && amount > 0);
    case 'bronze':
      return amount !== undefined && amount > 0 && amount < VALUE_TIER_MINOR.silver;
    case 'silver':
      return (
        amount !== undefined && amount >= VALUE_TIER_MINOR.silver && amount < VALUE_TIER_MINOR.gold
      );
    case 'gold':
      return (
        amount !== undefined &&
        amount >= VALUE_TIER_MINOR.gold &&
        amount < VALUE_TIER_MINOR.platinum
      );
    case 'platinum':
      return amount !== undefined && amount >= VALUE_TIER_MINOR.platinum;
    default: {
      const unknown: never = tier;
      throw new Error(`Unknown tier ${String(unknown)}`);
    }
  }
}

export function compare(actual: unknown, op: Comparison, expected: CustomFieldValue): boolean {
  if (op === 'eq') return actual === expected;
  if (op === 'ne') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (op) {
    case 'gt':
      return actual > expected;
    case 'gte':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'lte':
      return actual <= expected;
    default: {
      const unknown: never = op;
      throw new Error(`Unknown comparison ${String(unknown)}`);
    }
  }
}

export function conditionHolds(
  c: SegmentCondition,
  customer: AudienceCustomer,
  now: Date,
  rfm: RfmModels,
): boolean {
  switch (c.field) {
    case 'region': {
      const region = customer.demographics?.region;
      return typeof region === 'string' && c.values.includes(region);
    }
    case 'tag': {
      const key = tagKey(c.value);
      return TAG_KINDS.some((kind) => own(own(customer.tags, kind), key) !== undefined);
    }
    case 'kind':
      return customer.kind === c.value;
    case 'consent':
      return (own(customer.consents, c.channel)?.granted === true) === c.value;
    case 'valueTier': {
      const minor = own(customer.purchases?.totalsMinor, c.currency);
      return c.values.some((tier) => tierOf(minor, tier));
    }
    case 'customField':
      return compare(own(customer.customFields, c.name), c.op, c.value);
    case 'purchase': {
      const months = customer.purchases?.months;
      const bought = monthsCovering(now, c.days).some((month) => {
        const count = own(months, month)?.count;
        return typeof count === 'number' && count > 0;
      });
      return c.op === 'purchasedInDays' ? bought : !bought;
    }
    case 'category': {
      const last = own(customer.categories, tagKey(c.category))?.lastPurchasedAt;
      const bought = typeof last === 'string' && last >= daysBefore(now, c.days);
      return c.op === 'purchasedInDays' ? bought : !bought;
    }
    case 'loyaltyTier': {
      const tier = customer.loyalty?.tier;
      return typeof tier === 'string' && c.values.includes(tier);
    }
    case 'openOpportunities':
      return compare(customer.facts?.openOpportunities ?? 0, c.op, c.value);
    case 'lastCsat':
      return compare(customer.facts?.lastCsat, c.op, c.value);
    case 'rfm': {
      const model = rfm.get(c.currency);
      const score = model && rfmScore(c.dimension, own(customer.orders, c.currency), model, now);
      return score !== undefined && c.values.includes(score);
    }
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

function describeRule(rule: SegmentRule): string {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return `(${rule.rules.map(describeRule).join(` ${rule.kind} `)})`;
    case 'not':
      return `not ${describeRule(rule.rule)}`;
    case 'condition':
      return describeCondition(rule.condition);
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}

/** `rfm` holds the tenant's RFM models of the currencies the rule reads (rfmCurrenciesReadBy). */
export function evaluateSegment(
  rule: SegmentRule,
  customer: AudienceCustomer,
  now: Date,
  rfm: RfmModels,
): SegmentEvaluation {
  switch (rule.kind) {
    case 'and': {
      const parts = rule.rules.map((r) => evaluateSegment(r, customer, now, rfm));
      return parts.every((p) => p.matches)
        ? { matches: true, matchedTerms: parts.flatMap((p) => p.matchedTerms) }
        : { matches: false, matchedTerms: [] };
    }
    case 'or': {
      const parts = rule.rules.map((r) => evaluateSegment(r, customer, now, rfm));
      const matched = parts.filter((p) => p.matches);
      return { matches: matched.length > 0, matchedTerms: matched.flatMap((p) => p.matchedTerms) };
    }
    case 'not': {
      const inner = evaluateSegment(rule.rule, customer, now, rfm);
      return inner.matches
        ? { matches: false, matchedTerms: [] }
        : { matches: true, matchedTerms: [`not ${describeRule(rule.rule)}`] };
    }
    case 'condition':
      return conditionHolds(rule.condition, customer, now, rfm)
        ? { matches: true, matchedTerms: [describeCondition(rule.condition)] }
        : { matches: false, matchedTerms: [] };
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
