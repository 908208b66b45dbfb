// Compiles a parsed segment rule into a MongoDB filter over the customers context's customer_360
// read model. Field paths come only from this file's fixed names plus validated parameters (a
// currency /^[A-Z]{3}$/, a custom field name /^[a-z][a-zA-Z0-9_]*$/, an encoded tag key), and
// every user value sits under an explicit operator ($eq, $in, ...), so no input can become a store
// operator. The answer is the same as evaluateSegment's (property-tested).
import {
  monthsCovering,
  tagKey,
  TAG_KINDS,
  VALUE_TIER_MINOR,
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

function conditionFilter(c: SegmentCondition, now: Date): MongoFilter {
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
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

/** The filter selecting the customers the rule matches (to be combined with tenant and status). */
export function segmentFilter(rule: SegmentRule, now: Date): MongoFilter {
  switch (rule.kind) {
    case 'and':
      return { $and: rule.rules.map((r) => segmentFilter(r, now)) };
    case 'or':
      return { $or: rule.rules.map((r) => segmentFilter(r, now)) };
    case 'not':
      return { $nor: [segmentFilter(rule.rule, now)] };
    case 'condition':
      return conditionFilter(rule.condition, now);
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
