// Derived classification of a customer, computed from what the projection accumulated from events
// (monthly purchase buckets, the latest purchase) and a `now` given by the caller, so it is always
// current at query time and a rebuild produces the same inputs.
import type { Customer360Document } from '../customer-read-model.documents';

export type ValueTier = 'none' | 'bronze' | 'silver' | 'gold' | 'platinum';
export type RfmSegment = 'none' | 'new' | 'champion' | 'loyal' | 'at_risk' | 'lost' | 'regular';

export interface RfmScores {
  /** 0 (never bought) or 1-5. */
  readonly recency: number;
  readonly frequency: number;
  readonly monetary: number;
}

export interface CustomerClassification {
  readonly valueTier: ValueTier;
  /** Purchases per month over the trailing 12 months. */
  readonly purchaseFrequency: number;
  readonly purchasesLast12Months: number;
  /** The currency with the highest trailing-12-month spend, and that spend as a decimal string. */
  readonly mainCurrency: string | null;
  readonly spendLast12Months: string;
  readonly daysSinceLastPurchase: number | null;
  readonly region: string | null;
  readonly rfm: RfmScores;
  readonly segment: RfmSegment;
}

const DAY_MS = 86_400_000;

/** The 12 month keys (YYYY-MM) ending with now's month (UTC). */
export function trailingMonths(now: Date, count = 12): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

function band(value: number, thresholds: readonly number[]): number {
  // thresholds for scores 5,4,3,2 (descending); anything above 0 scores at least 1.
  if (value <= 0) return 0;
  const index = thresholds.findIndex((t) => value >= t);
  return index < 0 ? 1 : 5 - index;
}

export function classifyCustomer(
  doc: Pick<Customer360Document, 'purchases' | 'demographics' | 'contacts' | 'primaryContacts'>,
  lastPurchaseAt: string | null,
  now: Date,
): CustomerClassification {
  const months = doc.purchases?.months ?? {};
  let count = 0;
  const spend = new Map<string, number>();
  for (const key of trailingMonths(now)) {
    const month = months[key];
    if (!month) continue;
    count += month.count;
    for (const [currency, minor] of Object.entries(month.minor ?? {}))
      spend.set(currency, (spend.get(currency) ?? 0) + minor);
  }
  const [mainCurrency, mainMinor] = [...spend].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0] ?? [null, 0];
  const major = mainMinor / 100;
  const days = lastPurchaseAt
    ? Math.max(0, Math.floor((now.getTime() - Date.parse(lastPurchaseAt)) / DAY_MS))
    : null;
  const recency =
    days === null ? 0 : days <= 30 ? 5 : days <= 90 ? 4 : days <= 180 ? 3 : days <= 365 ? 2 : 1;
  const frequency = band(count, [12, 6, 3, 2]);
  const monetary = band(major, [5000, 1000, 250, 50]);
  const valueTier: ValueTier =
    major >= 5000
      ? 'platinum'
      : major >= 1000
        ? 'gold'
        : major >= 250
          ? 'silver'
          : major > 0
            ? 'bronze'
            : 'none';
  let segment: RfmSegment;
  if (recency === 0) segment = 'none';
  else if (recency >= 4 && frequency >= 4 && monetary >= 4) segment = 'champion';
  else if (recency >= 4 && frequency <= 1) segment = 'new';
  else if (recency >= 3 && frequency >= 3) segment = 'loyal';
  else if (recency <= 2 && frequency >= 3) segment = 'at_risk';
  else if (recency === 1) segment = 'lost';
  else segment = 'regular';
  return {
    valueTier,
    purchaseFrequency: Math.round((count / 12) * 100) / 100,
    purchasesLast12Months: count,
    mainCurrency,
    spendLast12Months: (mainMinor / 100).toFixed(2),
    daysSinceLastPurchase: days,
    region: regionOf(doc),
    rfm: { recency, frequency, monetary },
    segment,
  };
}

/** The stated region, else the primary address's region or country. */
export function regionOf(
  doc: Pick<Customer360Document, 'demographics' | 'contacts' | 'primaryContacts'>,
): string | null {
  if (doc.demographics?.region) return doc.demographics.region;
  const primary = doc.primaryContacts?.address;
  const address = primary ? doc.contacts?.[primary]?.address : undefined;
  return address?.region ?? address?.countryCode ?? null;
}
