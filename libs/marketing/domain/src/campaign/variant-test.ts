// A/B variants of a campaign: who gets which variant, and when a winner may be declared. Pure:
// recipients are assigned by a hash of campaign and customer (the same customer always gets the same
// variant, and a retried send the same), and the winner is the leading variant once it beats every
// other one at the campaign's confidence: a two-proportion z-test for opens and clicks, a two-sample
// z-test on the mean revenue per recipient (Welch's, large-sample) for revenue. With more than two
// variants each comparison is made at (1 − confidence) / (variants − 1) (Bonferroni), so declaring
// a winner among many is not easier than between two.
export const WINNER_METRICS = ['opened', 'clicked', 'revenue'] as const;
export type WinnerMetric = (typeof WINNER_METRICS)[number];

export interface CampaignVariant {
  readonly variantId: string;
  readonly templateId: string;
}

export interface AbTest {
  readonly variants: readonly CampaignVariant[];
  readonly metric: WinnerMetric;
  /** e.g. 0.95: a winner only when the chance of so large a difference by luck is below 5 %. */
  readonly confidence: number;
  /** Share of the audience (1–100 %) that tests the variants; the rest gets the winner. */
  readonly testPercent: number;
  /** Fewest recipients per variant before any winner (the z-test's normal approximation). */
  readonly minimumRecipients: number;
}

/** What one variant's recipients did: `values` the per-recipient outcome (1/0, or revenue). */
export interface VariantOutcome {
  readonly variantId: string;
  readonly recipients: number;
  /** Sum of the per-recipient outcomes (opens, clicks, or revenue in minor units). */
  readonly sum: number;
  /** Sum of their squares (equal to `sum` for 0/1 outcomes). */
  readonly sumOfSquares: number;
}

export interface SignificanceTest {
  readonly z: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

export type WinnerDecision =
  | { readonly kind: 'winner'; readonly variantId: string; readonly pValue: number }
  | {
      readonly kind: 'undecided';
      readonly leaderId: string | null;
      readonly pValue: number | null;
      readonly reason: string;
    };

/** FNV-1a (32 bits) of campaign and customer: stable, evenly spread, no I/O in the domain. */
function bucket(campaignId: string, customerId: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${campaignId}\0${customerId}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether the customer is in the test share of the audience (else they wait for the winner). */
export function inTestShare(campaignId: string, customerId: string, testPercent: number): boolean {
  return bucket(campaignId, customerId) % 100 < testPercent;
}

/** The variant a customer of the test share gets: the same one on every send of the campaign. */
export function variantFor(
  campaignId: string,
  customerId: string,
  variants: readonly CampaignVariant[],
): CampaignVariant {
  return variants[bucket(`${campaignId}\0variant`, customerId) % variants.length]!;
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const twoSided = (z: number): SignificanceTest => ({ z, pValue: 2 * (1 - normalCdf(Math.abs(z))) });

/** Two-proportion z-test (pooled): b's rate against a's. */
export function twoProportionZTest(
  a: { readonly successes: number; readonly trials: number },
  b: { readonly successes: number; readonly trials: number },
): SignificanceTest {
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return { z: 0, pValue: 1 };
  return twoSided((b.successes / b.trials - a.successes / a.trials) / se);
}

/** Two-sample z-test on means with unequal variances (Welch's statistic, normal approximation). */
export function meanZTest(a: VariantOutcome, b: VariantOutcome): SignificanceTest {
  const stats = ({ recipients: n, sum, sumOfSquares }: VariantOutcome) => {
    const mean = sum / n;
    return { mean, variance: n > 1 ? (sumOfSquares - n * mean * mean) / (n - 1) : 0, n };
  };
  const x = stats(a);
  const y = stats(b);
  const se = Math.sqrt(x.variance / x.n + y.variance / y.n);
  if (se === 0) return { z: 0, pValue: 1 };
  return twoSided((y.mean - x.mean) / se);
}

/** The winner, once the leading variant beats every other one at the test's confidence. */
export function decideWinner(
  test: Pick<AbTest, 'metric' | 'confidence' | 'minimumRecipients'>,
  outcomes: readonly VariantOutcome[],
): WinnerDecision {
  const short = outcomes.find((o) => o.recipients < test.minimumRecipients);
  if (short)
    return {
      kind: 'undecided',
      leaderId: null,
      pValue: null,
      reason: `variant ${short.variantId} has ${short.recipients} of the ${test.minimumRecipients} recipients needed`,
    };
  const mean = (o: VariantOutcome) => o.sum / o.recipients;
  const [leader, ...others] = [...outcomes].sort((x, y) => mean(y) - mean(x));
  if (!leader || others.length === 0)
    return { kind: 'undecided', leaderId: null, pValue: null, reason: 'fewer than two variants' };
  const alpha = (1 - test.confidence) / others.length;
  const pValue = Math.max(
    ...others.map(
      (other) =>
        (test.metric === 'revenue'
          ? meanZTest(other, leader)
          : twoProportionZTest(
              { successes: other.sum, trials: other.recipients },
              { successes: leader.sum, trials: leader.recipients },
            )
        ).pValue,
    ),
  );
  return mean(leader) > Math.max(...others.map(mean)) && pValue < alpha
    ? { kind: 'winner', variantId: leader.variantId, pValue }
    : {
        kind: 'undecided',
        leaderId: leader.variantId,
        pValue,
        reason: `p = ${pValue.toFixed(4)}, not below ${alpha.toFixed(4)} yet`,
      };
}
