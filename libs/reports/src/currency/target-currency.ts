// A report asked for a target currency (`currency` in its definition) answers every amount in it,
// each converted at the rate in force when the event that set the amount happened (ADR 0455). A
// missing rate is refused, naming the currency and the instant, rather than summed as 0 or left
// out: the figure would otherwise pass for a whole.
import { InvalidReportError } from '../definition/report-definition';
import type { ExchangeRates } from './exchange-rates';

export interface AmountConversion {
  readonly target: string;
  /** `amount` of `currency`, set by an event at `at` (ISO instant), in the target currency. */
  amount(amount: number, currency: string, at: string): number;
}

export class MissingExchangeRateError extends InvalidReportError {
  constructor(
    readonly currency: string,
    readonly at: string,
    readonly target: string,
    readonly reportingCurrency: string | null,
  ) {
    super(
      'currency',
      reportingCurrency === null
        ? `no reporting currency is set: set one and the rates before converting to ${target}`
        : `no ${rateName(currency, target, reportingCurrency)} rate in force at ${at}: enter one with setExchangeRate`,
    );
    this.name = 'MissingExchangeRateError';
  }
}

/** The rate that is missing: towards the reporting currency, for each side not the reporting one. */
function rateName(currency: string, target: string, reporting: string): string {
  const sides = [currency, target].filter((c) => c !== reporting);
  return sides.map((c) => `${c}→${reporting}`).join(' or ');
}

/** Converts amounts to `target` at the tenant's rates, rounded to the cent; throws when a rate is missing. */
export function amountConversion(rates: ExchangeRates, target: string): AmountConversion {
  return {
    target,
    amount(amount, currency, at) {
      if (currency === target) return amount;
      const rate = rates.crossRateAt(currency, target, new Date(at));
      if (rate === null)
        throw new MissingExchangeRateError(currency, at, target, rates.reportingCurrency);
      return Math.round(amount * rate * 100) / 100;
    },
  };
}
