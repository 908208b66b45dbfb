// RFM scoring (recency, frequency, monetary) per currency. A tenant's RFM model holds, per
// currency, four cut-offs for each dimension: the quintile boundaries of its customers' values,
// computed by the nightly run, or cut-offs a marketer configured. A customer's scores (1–5, 5 the
// best) are derived from their own order figures against those cut-offs whenever a rule is
// evaluated, so a new order moves the customer's scores at once ("on change") while the cut-offs
// move nightly.

export const RFM_DIMENSIONS = ['recency', 'frequency', 'monetary'] as const;
export type RfmDimension = (typeof RFM_DIMENSIONS)[number];
export type RfmScore = 1 | 2 | 3 | 4 | 5;
export const RFM_SCORES: readonly RfmScore[] = [1, 2, 3, 4, 5];

/** Four ascending cut-offs per dimension (the 20th, 40th, 60th and 80th percentile, or configured). */
export interface RfmCutOffs {
  /** Days since the last order: at most [0] days scores 5, at most [3] scores 2, more scores 1. */
  readonly recencyDays: readonly number[];
  /** Orders: more than [3] scores 5, more than [0] scores 2, up to [0] scores 1. */
  readonly frequency: readonly number[];
  /** Lifetime order value in minor units: more than [3] scores 5 … up to [0] scores 1. */
  readonly monetaryMinor: readonly number[];
}

/** Cut-offs per ISO currency, as the tenant's RFM model holds them now. */
export type RfmModels = ReadonlyMap<string, RfmCutOffs>;

/** A customer's order figures in one currency, as the audience keeps them. */
export interface OrderFigures {
  readonly count?: number;
  readonly totalMinor?: number;
  /** ISO-8601 UTC instant of the latest order. */
  readonly lastAt?: string;
}

/** The 20th/40th/60th/80th percentile boundaries (nearest rank) of the values; [] for no values. */
export function quintileCutOffs(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return [0.2, 0.4, 0.6, 0.8].map(
    (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!,
  );
}

/** Valid cut-offs: four finite, non-negative, non-decreasing numbers per dimension. */
export function validCutOffs(cutOffs: readonly number[]): boolean {
  return (
    cutOffs.length === 4 &&
    cutOffs.every((c, i) => Number.isFinite(c) && c >= 0 && (i === 0 || c >= cutOffs[i - 1]!))
  );
}

/** Higher is better: above cutOffs[3] → 5 … up to cutOffs[0] → 1 (cut-offs are upper edges of fifths). */
function scoreUpward(value: number, cutOffs: readonly number[]): RfmScore {
  return (1 + cutOffs.filter((c) => value > c).length) as RfmScore;
}

/** The instant `days` before now (ISO-8601 UTC): recency compares instants, like the filter. */
export function instantDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** A customer's score in one dimension; undefined when they have no order in the currency. */
export function rfmScore(
  dimension: RfmDimension,
  figures: OrderFigures | undefined,
  cutOffs: RfmCutOffs,
  now: Date,
): RfmScore | undefined {
  if (!figures || typeof figures.count !== 'number' || figures.count <= 0) return undefined;
  switch (dimension) {
    case 'recency': {
      const last = figures.lastAt;
      if (typeof last !== 'string') return undefined;
      // At most recencyDays[i] days ago ⇔ at or after the instant that many days before now.
      const within = cutOffs.recencyDays.filter((d) => last >= instantDaysBefore(now, d)).length;
      return (1 + within) as RfmScore;
    }
    case 'frequency':
      return scoreUpward(figures.count, cutOffs.frequency);
    case 'monetary':
      return typeof figures.totalMinor === 'number'
        ? scoreUpward(figures.totalMinor, cutOffs.monetaryMinor)
        : undefined;
    default: {
      const unknown: never = dimension;
      throw new Error(`Unknown RFM dimension ${String(unknown)}`);
    }
  }
}

/** The cut-offs of a currency's customers now (the nightly run): quintiles of each dimension. */
export function computeRfmCutOffs(
  customers: readonly OrderFigures[],
  now: Date,
): RfmCutOffs | undefined {
  const buyers = customers.filter(
    (c) => typeof c.count === 'number' && c.count > 0 && typeof c.lastAt === 'string',
  );
  if (buyers.length === 0) return undefined;
  // Recency boundaries are "days ago", ascending: the most recent fifth scores 5.
  const daysAgo = buyers.map((c) =>
    Math.max(0, Math.ceil((now.getTime() - Date.parse(c.lastAt!)) / 86_400_000)),
  );
  return {
    recencyDays: quintileCutOffs(daysAgo),
    // Frequency and monetary boundaries are the upper edges of the lower four fifths.
    frequency: quintileCutOffs(buyers.map((c) => c.count!)),
    monetaryMinor: quintileCutOffs(buyers.map((c) => c.totalMinor ?? 0)),
  };
}
