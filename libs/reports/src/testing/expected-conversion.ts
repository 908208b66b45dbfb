// The currency tests' own answer, computed without the code under test: the rate in force at an
// instant is the latest one effective by then, amounts convert through the reporting currency and
// round to cents.
export interface TestRate {
  readonly currency: string;
  readonly rate: number;
  readonly effectiveFrom: string;
}

/** Converters over one set of rates into `reporting` (units of it per unit of each currency). */
export function expectedConversion(rates: readonly TestRate[], reporting = 'EUR') {
  const reportingRate = (currency: string, at: string): number => {
    if (currency === reporting) return 1;
    const inForce = rates.filter((r) => r.currency === currency && r.effectiveFrom <= at);
    const rate = inForce.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1);
    if (!rate) throw new Error(`test data has no ${currency} rate at ${at}`);
    return rate.rate;
  };
  return {
    reportingRate,
    inTarget: (amount: number, currency: string, at: string, target: string): number =>
      Math.round(((amount * reportingRate(currency, at)) / reportingRate(target, at)) * 100) / 100,
    sum: (values: number[]): number => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100,
  };
}
