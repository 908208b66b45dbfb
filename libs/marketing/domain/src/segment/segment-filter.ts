// Compiles a parsed segment rule into a MongoDB filter over the customers context's customer_360
// read model. Field paths come only from this file's fixed names plus validated parameters (a
// currency /^[A-Z]{3}$/, a custom field name /^[a-z][a-zA-Z0-9_]*$/, an encoded tag key), and
// every user value sits under an explicit operator ($eq, $in, ...), so no input can become a store
// operator. The answer is the same as evaluateSegment's (property-tested).
import { compare } from './segment-evaluation';
import {
  daysBefore,
  monthsCovering,
  tagKey,
  TAG_KINDS,
  VALUE_TIER_MINOR,
  type AudienceFacts,
  type CustomerFacts,
  type SegmentCondition,
  type SegmentRule,
  type ValueTier,
} from './segment-rule';

export type MongoFilter = Readonly<Record<string, unknown>>;

/** The operators a compiled filter may contain: a test checks nothing else ever appears. */
export const SEGMENT_FILTER_OPERATORS: ReadonlySet<string> = new Set([
  '$and',
  '$or',
  '$nor',
  '$eq',
  '$ne',
  '$in',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$exists',
]);

function tierRange(tier: ValueTier): MongoFilter {
  switch (tier) {
    case 'none':
      return { $lte: 0 };
    case 'bronze':
      return { $gt: 0, $lt: VALUE_TIER_MINOR.silver };
    case 'silver':
      return { $gte: VALUE_TIER_MINOR.silver, $lt: VALUE_TIER_MINOR.gold };
    case 'gold':
      return { $gte: VALUE_TIER_MINOR.gold, $lt: VALUE_TIER_MINOR.platinum };
    case 'platinum':
      return { $gte: VALUE_TIER_MINOR.platinum };
    default: {
      const unknown: never = tier;
      throw new Error(`Unknown tier ${String(unknown)}`);
    }
  }
}

/**
 * A joined fact as a filter on `_id`: the customers whose fact satisfies the comparison, or (when a
 * customer without the fact satisfies it too) everyone but those whose fact does not. Customer ids
 * sit under $in as literal values.
 */
function factFilter(
  facts: AudienceFacts,
  name: keyof CustomerFacts,
  holds: (value: number | undefined) => boolean,
  absent: number | undefined,
): MongoFilter {
  const matching: string[] = [];
  const failing: string[] = [];
  for (const [customerId, fact] of facts) {
    const value = fact[name] ?? absent;
    (holds(value) ? matching : failing).push(customerId);
  }
  return holds(absent) ? { $nor: [{ _id: { $in: failing } }] } : { _id: { $in: matching } };
}

function conditionFilter(c: SegmentCondition, now: Date, facts: AudienceFacts): MongoFilter {
  switch (c.field) {
    case 'region':
      return { 'demographics.region': { $in: [...c.values] } };
    case 'tag': {
      const key = tagKey(c.value);
      return { $or: TAG_KINDS.map((kind) => ({ [`tags.${kind}.${key}`]: { $exists: true } })) };
    }
    case 'kind':
      return { kind: { $eq: c.value } };
    case 'consent':
      return { [`consents.${c.channel}.granted`]: c.value ? { $eq: true } : { $ne: true } };
    case 'valueTier': {
      const path = `purchases.totalsMinor.${c.currency}`;
      return {
        $or: c.values.map((tier) =>
          // "none" also holds when the customer never bought in that currency (no value at all).
          tier === 'none' ? { $nor: [{ [path]: { $gt: 0 } }] } : { [path]: tierRange(tier) },
        ),
      };
    }
    case 'customField':
      return { [`customFields.${c.name}`]: { [`$${c.op}`]: c.value } };
    case 'purchase': {
      const bought = monthsCovering(now, c.days).map((month) => ({
        [`purchases.months.${month}.count`]: { $gt: 0 },
      }));
      return c.op === 'purchasedInDays' ? { $or: bought } : { $nor: bought };
    }
    case 'category': {
      const bought = {
        [`categories.${tagKey(c.category)}.lastPurchasedAt`]: { $gte: daysBefore(now, c.days) },
      };
      return c.op === 'purchasedInDays' ? bought : { $nor: [bought] };
    }
    case 'loyaltyTier':
      return { 'loyalty.tier': { $in: [...c.values] } };
    case 'openOpportunities':
      return factFilter(facts, c.field, (v) => compare(v, c.op, c.value), 0);
    case 'lastCsat':
      return factFilter(facts, c.field, (v) => compare(v, c.op, c.value), undefined);
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

/** No joined facts: for rules that read none (factsReadBy(rule) is empty). */
export const NO_AUDIENCE_FACTS: AudienceFacts = new Map();

/**
 * The filter selecting the customers the rule matches (to be combined with tenant and status).
 * `facts` must hold the joined facts the rule reads (factsReadBy) for every customer that has them.
 */
export function segmentFilter(rule: SegmentRule, now: Date, facts: AudienceFacts): MongoFilter {
  switch (rule.kind) {
    case 'and':
      return { $and: rule.rules.map((r) => segmentFilter(r, now, facts)) };
    case 'or':
      return { $or: rule.rules.map((r) => segmentFilter(r, now, facts)) };
    case 'not':
      return { $nor: [segmentFilter(rule.rule, now, facts)] };
    case 'condition':
      return conditionFilter(rule.condition, now, facts);
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
