// The segment rule language: and / or / not over conditions on declared, typed fields of a
// customer. A rule arrives as untrusted JSON, is parsed once into this AST (segment-rule.parser.ts),
// and is then compiled to a MongoDB filter (segment-filter.ts) or evaluated in memory with the
// terms that matched (segment-evaluation.ts). Both read the same customer document shape.
import type { OrderFigures, RfmDimension, RfmModels, RfmScore } from '../rfm/rfm';

export type ValueTier = 'none' | 'bronze' | 'silver' | 'gold' | 'platinum';
export const VALUE_TIERS: readonly ValueTier[] = ['none', 'bronze', 'silver', 'gold', 'platinum'];
export type ConsentChannel = 'email' | 'sms' | 'phone' | 'push';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'phone', 'push'];
export type CustomerKind = 'person' | 'company';
export type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
export type CustomFieldValue = string | number | boolean;

export type SegmentCondition =
  /** The customer's stated region (demographics), exact. */
  | { readonly field: 'region'; readonly op: 'in'; readonly values: readonly string[] }
  /** Carries this tag value (label, interest or buying motive), normalised like the customers context. */
  | { readonly field: 'tag'; readonly op: 'has'; readonly value: string }
  | { readonly field: 'kind'; readonly op: 'eq'; readonly value: CustomerKind }
  /** Consent of a channel is granted (true) or not granted / never asked (false). */
  | {
      readonly field: 'consent';
      readonly channel: ConsentChannel;
      readonly op: 'eq';
      readonly value: boolean;
    }
  /** Lifetime spend tier in one currency (thresholds in VALUE_TIER_MINOR). */
  | {
      readonly field: 'valueTier';
      readonly currency: string;
      readonly op: 'in';
      readonly values: readonly ValueTier[];
    }
  | {
      readonly field: 'customField';
      readonly name: string;
      readonly op: Comparison;
      readonly value: CustomFieldValue;
    }
  /**
   * Purchases by calendar month (UTC): `noPurchaseInDays` N holds when no purchase was recorded in
   * any month from the one containing now − N days up to now's month; `purchasedInDays` is its
   * negation. Month granularity is what the customers read model keeps.
   */
  | {
      readonly field: 'purchase';
      readonly op: 'noPurchaseInDays' | 'purchasedInDays';
      readonly days: number;
    }
  /**
   * Bought an item of a category (sales.OrderPlaced lines) within the last N days, day-exact
   * (`purchasedInDays`), or not (`noPurchaseInDays`). The category is normalised like a tag.
   */
  | {
      readonly field: 'category';
      readonly category: string;
      readonly op: 'noPurchaseInDays' | 'purchasedInDays';
      readonly days: number;
    }
  /** The loyalty tier the member holds now (loyalty.TierUpgraded/Reviewed/Downgraded), exact. */
  | { readonly field: 'loyaltyTier'; readonly op: 'in'; readonly values: readonly string[] }
  /** Open opportunities of the customer (sales), a whole number; none counts as 0. */
  | {
      readonly field: 'openOpportunities';
      readonly op: Comparison;
      readonly value: number;
    }
  /** The score (1–5) of the customer's most recent CSAT answer (service desk); none is no value. */
  | { readonly field: 'lastCsat'; readonly op: Comparison; readonly value: number }
  /** The customer's RFM score (1–5) in one dimension and currency, against the tenant's model. */
  | {
      readonly field: 'rfm';
      readonly currency: string;
      readonly dimension: RfmDimension;
      readonly op: 'in';
      readonly values: readonly RfmScore[];
    };

/** Facts that live in records other than the customer's own document (joined when a rule reads them). */
export type AudienceFactName = 'openOpportunities' | 'lastCsat';

export interface CustomerFacts {
  readonly openOpportunities?: number;
  readonly lastCsat?: number;
}

/** The joined facts of a tenant's customers, by customer id (absent: no such fact). */
export type AudienceFacts = ReadonlyMap<string, CustomerFacts>;

/** What a rule is evaluated against besides the customer: joined facts and the RFM models. */
export interface SegmentInputs {
  readonly facts: AudienceFacts;
  readonly rfm: RfmModels;
}

/** No joined facts and no RFM model: for rules that read neither (see factsReadBy, rfmReadBy). */
export const NO_SEGMENT_INPUTS: SegmentInputs = { facts: new Map(), rfm: new Map() };

export type SegmentRule =
  | { readonly kind: 'and'; readonly rules: readonly SegmentRule[] }
  | { readonly kind: 'or'; readonly rules: readonly SegmentRule[] }
  | { readonly kind: 'not'; readonly rule: SegmentRule }
  | { readonly kind: 'condition'; readonly condition: SegmentCondition };

/** Lifetime spend (minor units of the condition's currency) at which each tier starts. */
export const VALUE_TIER_MINOR: Readonly<Record<Exclude<ValueTier, 'none'>, number>> = {
  bronze: 1,
  silver: 25_000,
  gold: 100_000,
  platinum: 500_000,
};

/**
 * The part of the customers context's customer_360 read model a segment reads. Tags are keyed by
 * kind, then by the encoded normalised value; months by `YYYY-MM`.
 */
export interface AudienceCustomer {
  readonly _id: string;
  readonly kind: CustomerKind;
  readonly demographics?: { readonly region?: string };
  readonly tags?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
  readonly consents?: Readonly<Partial<Record<ConsentChannel, { readonly granted: boolean }>>>;
  readonly purchases?: {
    readonly totalsMinor?: Readonly<Record<string, number>>;
    readonly months?: Readonly<Record<string, { readonly count: number }>>;
  };
  /** Category key (tagKey) → the instant of the latest order with an item of it (ISO-8601 UTC). */
  readonly categories?: Readonly<Record<string, { readonly lastPurchasedAt: string }>>;
  readonly loyalty?: { readonly tier?: string };
  /** Order figures per ISO currency (count, lifetime value in minor units, latest order instant). */
  readonly orders?: Readonly<Record<string, OrderFigures>>;
  /** Joined facts (in-memory evaluation only; the filter reads them from AudienceFacts). */
  readonly facts?: CustomerFacts;
}

export const TAG_KINDS = ['label', 'interest', 'buying_motive'] as const;

/** The customers context's tag normalisation and read-model key encoding (same rules). */
export function tagKey(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/%/g, '%25')
    .replace(/\./g, '%2E')
    .replace(/^\$/, '%24');
}

/** The month keys (YYYY-MM, UTC) from the month containing now − days up to now's month. */
export function monthsCovering(now: Date, days: number): string[] {
  const start = new Date(now.getTime() - days * 86_400_000);
  const months: string[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  const endKey = now.getUTCFullYear() * 12 + now.getUTCMonth();
  while (year * 12 + month <= endKey) {
    months.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return months;
}

/** A human-readable term, as "why is this customer in the segment" lists it. */
export function describeCondition(c: SegmentCondition): string {
  switch (c.field) {
    case 'region':
      return `region in [${c.values.join(', ')}]`;
    case 'tag':
      return `has tag "${c.value}"`;
    case 'kind':
      return `kind is ${c.value}`;
    case 'consent':
      return `${c.channel} consent ${c.value ? 'granted' : 'not granted'}`;
    case 'valueTier':
      return `value tier (${c.currency}) in [${c.values.join(', ')}]`;
    case 'customField':
      return `custom field ${c.name} ${c.op} ${JSON.stringify(c.value)}`;
    case 'purchase':
      return c.op === 'noPurchaseInDays'
        ? `no purchase in ${c.days} days`
        : `purchased in the last ${c.days} days`;
    case 'category':
      return c.op === 'noPurchaseInDays'
        ? `no purchase of "${c.category}" in ${c.days} days`
        : `bought "${c.category}" in the last ${c.days} days`;
    case 'loyaltyTier':
      return `loyalty tier in [${c.values.join(', ')}]`;
    case 'openOpportunities':
      return `open opportunities ${c.op} ${c.value}`;
    case 'lastCsat':
      return `last CSAT ${c.op} ${c.value}`;
    case 'rfm':
      return `RFM ${c.dimension} (${c.currency}) in [${c.values.join(', ')}]`;
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

/** The instant N days before now, as stored instants are written (ISO-8601 UTC, comparable as text). */
export function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** The joined facts a rule reads, so a caller loads only what is needed. */
export function factsReadBy(rule: SegmentRule): Set<AudienceFactName> {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return new Set(rule.rules.flatMap((r) => [...factsReadBy(r)]));
    case 'not':
      return factsReadBy(rule.rule);
    case 'condition':
      return rule.condition.field === 'openOpportunities' || rule.condition.field === 'lastCsat'
        ? new Set([rule.condition.field])
        : new Set();
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}

/** The currencies whose RFM model a rule reads. */
export function rfmCurrenciesReadBy(rule: SegmentRule): Set<string> {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return new Set(rule.rules.flatMap((r) => [...rfmCurrenciesReadBy(r)]));
    case 'not':
      return rfmCurrenciesReadBy(rule.rule);
    case 'condition':
      return rule.condition.field === 'rfm' ? new Set([rule.condition.currency]) : new Set();
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
