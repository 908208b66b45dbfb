// Exchange rates a tenant enters, as events of the reports context (stream
// `reports.ExchangeRates-<tenantId>`): the reporting currency, and per currency the rate in force
// from an instant on. An amount is converted at the rate in force when its event happened (an
// order at its placing): the rate with the latest `effectiveFrom` at or before that instant.
// Pure: the fold, the validation and the conversion; ADR 0234.

export const REPORTING_CURRENCY_SET = 'reports.ReportingCurrencySet';
export const EXCHANGE_RATE_SET = 'reports.ExchangeRateSet';
export const exchangeRatesStreamId = (tenantId: string) => `reports.ExchangeRates-${tenantId}`;

/** `rate` units of the reporting currency buy one unit of `currency`, from `effectiveFrom` on. */
export interface ExchangeRate {
  readonly currency: string;
  readonly reportingCurrency: string;
  readonly rate: number;
  readonly effectiveFrom: string;
}

export class InvalidExchangeRateError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Invalid exchange rate: ${field} ${reason}`);
    this.name = 'InvalidExchangeRateError';
  }
}

const CURRENCY = /^[A-Z]{3}$/;

export function validateCurrency(field: string, currency: unknown): string {
  if (typeof currency !== 'string' || !CURRENCY.test(currency))
    throw new InvalidExchangeRateError(field, 'must be an ISO 4217 code such as EUR');
  return currency;
}

export function validateExchangeRate(input: ExchangeRate): ExchangeRate {
  const currency = validateCurrency('currency', input.currency);
  const reportingCurrency = validateCurrency('reportingCurrency', input.reportingCurrency);
  if (currency === reportingCurrency)
    throw new InvalidExchangeRateError('currency', 'must differ from the reporting currency');
  if (typeof input.rate !== 'number' || !Number.isFinite(input.rate) || input.rate <= 0)
    throw new InvalidExchangeRateError('rate', 'must be a positive number');
  const from =
    typeof input.effectiveFrom === 'string' ? Date.parse(input.effectiveFrom) : Number.NaN;
  if (!Number.isFinite(from))
    throw new InvalidExchangeRateError('effectiveFrom', 'must be an ISO-8601 instant');
  return {
    currency,
    reportingCurrency,
    rate: input.rate,
    effectiveFrom: new Date(from).toISOString(),
  };
}

/** The tenant's rates as of now: what the conversion reads. */
export class ExchangeRates {
  /** Per currency, its rates to the reporting currency, by effectiveFrom ascending. */
  private readonly byCurrency = new Map<string, { from: number; rate: number }[]>();

  constructor(
    readonly reportingCurrency: string | null,
    rates: readonly ExchangeRate[],
  ) {
    for (const r of rates) {
      if (r.reportingCurrency !== reportingCurrency) continue;
      const list = this.byCurrency.get(r.currency) ?? [];
      // A rate set again for the same instant replaces the earlier entry.
      const from = Date.parse(r.effectiveFrom);
      const kept = list.filter((e) => e.from !== from);
      kept.push({ from, rate: r.rate });
      kept.sort((a, b) => a.from - b.from);
      this.byCurrency.set(r.currency, kept);
    }
  }

  static none(): ExchangeRates {
    return new ExchangeRates(null, []);
  }

  /** The rate in force at `at`, or null (no reporting currency, or no rate yet then). */
  rateAt(currency: string, at: Date): number | null {
    if (this.reportingCurrency === null) return null;
    if (currency === this.reportingCurrency) return 1;
    const list = this.byCurrency.get(currency);
    if (!list) return null;
    let found: number | null = null;
    for (const entry of list) {
      if (entry.from > at.getTime()) break;
      found = entry.rate;
    }
    return found;
  }

  /**
   * Units of `to` that one unit of `from` bought at `at`, through the reporting currency (both
   * rates in force then), or null when either rate is missing.
   */
  crossRateAt(from: string, to: string, at: Date): number | null {
    if (from === to) return 1;
    const fromRate = this.rateAt(from, at);
    const toRate = this.rateAt(to, at);
    return fromRate === null || toRate === null ? null : fromRate / toRate;
  }

  /** Minor units of `currency` in minor units of the reporting currency (rounded), or null. */
  convertMinor(amountMinor: number, currency: string, at: Date): number | null {
    const rate = this.rateAt(currency, at);
    return rate === null ? null : Math.round(amountMinor * rate);
  }
}

/** Folds the tenant's rate events (in stream order) into its rates. */
export function exchangeRatesOf(events: readonly { type: string; data: unknown }[]): {
  reportingCurrency: string | null;
  rates: ExchangeRate[];
} {
  let reportingCurrency: string | null = null;
  const rates: ExchangeRate[] = [];
  for (const event of events) {
    if (event.type === REPORTING_CURRENCY_SET)
      reportingCurrency = (event.data as { currency: string }).currency;
    else if (event.type === EXCHANGE_RATE_SET) rates.push(event.data as ExchangeRate);
  }
  return { reportingCurrency, rates };
}
