// Compiles a parsed segment rule into a MongoDB filter over the customers context's customer_360
// read model. Field paths come only from this file's fixed names plus validated parameters (a
// currency /^[A-Z]{3}$/, a custom field name /^[a-z][a-zA-Z0-9_]*$/, an encoded tag key), and
// every user value sits under an explicit operator ($eq, $in, ...), so no input can become a store
// operator. The answer is the same as evaluateSegment's (property-tested).
import { instantDaysBefore, type RfmCutOffs, type RfmScore } from '../rfm/rfm';
import { compare } from './segment-evaluation';
import {
  daysBefore,
  monthsCovering,
  tagKey,
  TAG_KINDS,
  VALUE_TIER_MINOR,
  type AudienceFacts,
  type CustomerFacts,
  type SegmentInputs,
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

/** Matches nobody (an RFM rule over a currency without a model). */
const NOBODY: MongoFilter = { _id: { $in: [] } };

/**
 * The customers whose score in a dimension is one of `scores`: each score is a range of the order
 * figure between two cut-offs (recency: of the latest order instant, newer is better), and only
 * customers with an order in the currency have a score.
 */
function rfmFilter(
  c: Extract<SegmentCondition, { field: 'rfm' }>,
  model: RfmCutOffs,
  now: Date,
): MongoFilter {
  const base = `orders.${c.currency}`;
  const range = (score: RfmScore): MongoFilter => {
    // Score k lies between cut-off k-2 (exclusive) and k-1 (inclusive), upward dimensions.
    const lower = score >= 2 ? score - 2 : undefined;
    const upper = score <= 4 ? score - 1 : undefined;
    switch (c.dimension) {
      case 'recency': {
        // Score k: at or after instant(cut-off 5-k), before instant(cut-off 4-k) (newer is better).
        const newest = 5 - score; // index whose instant it must reach (none for score 5 upward)
        const bound: Record<string, string> = {};
        if (score <= 4) bound['$lt'] = instantDaysBefore(now, model.recencyDays[4 - score]!);
        if (score >= 2) bound['$gte'] = instantDaysBefore(now, model.recencyDays[newest]!);
        return { [`${base}.lastAt`]: bound };
      }
      case 'frequency':
      case 'monetary': {
        const cutOffs = c.dimension === 'frequency' ? model.frequency : model.monetaryMinor;
        const bound: Record<string, number> = {};
        if (lower !== undefined) bound['$gt'] = cutOffs[lower]!;
        if (upper !== undefined) bound['$lte'] = cutOffs[upper]!;
        return { [`${base}.${c.dimension === 'frequency' ? 'count' : 'totalMinor'}`]: bound };
      }
      default: {
        const unknown: never = c.dimension;
        throw new Error(`Unknown RFM dimension ${String(unknown)}`);
      }
    }
  };
  return {
    $and: [
      { [`${base}.count`]: { $gt: 0 } },
      ...(c.dimension === 'recency' ? [{ [`${base}.lastAt`]: { $gte: '' } }] : []),
      { $or: c.values.map(range) },
    ],
  };
}

function conditionFilter(c: SegmentCondition, now: Date, inputs: SegmentInputs): MongoFilter {
  const { facts } = inputs;
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
    case 'rfm': {
      const model = inputs.rfm.get(c.currency);
      return model ? rfmFilter(c, model, now) : NOBODY;
    }
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The filter selecting the customers the rule matches (to be combined with tenant and status).
 * `inputs` must hold the joined facts the rule reads (factsReadBy) for every customer that has
 * them, and the RFM models of the currencies it reads (rfmCurrenciesReadBy).
 */
export function segmentFilter(rule: SegmentRule, now: Date, inputs: SegmentInputs): MongoFilter {
  switch (rule.kind) {
    case 'and':
      return { $and: rule.rules.map((r) => segmentFilter(r, now, inputs)) };
    case 'or':
      return { $or: rule.rules.map((r) => segmentFilter(r, now, inputs)) };
    case 'not':
      return { $nor: [segmentFilter(rule.rule, now, inputs)] };
    case 'condition':
      return conditionFilter(rule.condition, now, inputs);
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
