// When a report asks for a target currency (ADR 0455), each amount converts at the rate in force
// when the event that set it happened. Where the serving read model does not date that event (a
// quote's current version, an opportunity's lines), the reports context's own dated history does:
// these helpers read it beside the rows, in the viewer's scope, as of the report's instant.
import type { AmountConversion } from '../currency/target-currency';
import { documentsById, type JoinSource } from './dataset';
import { latestFact } from './dated-facts';

/** An amount (decimal string), set by an event at `at`; its currency when the history keeps it. */
export interface AmountSet {
  readonly at: string;
  readonly amount: string;
  readonly currency?: string;
}

/** A row with the amount-setting event its history dates, as of the report's instant. */
export type WithAmountSet = { readonly amountSet?: AmountSet | null };

/**
 * A dataset's `amounts.dated` over a reports-owned history: each row with `amountSet`, the latest
 * amount its history document (same id) dates by the report's instant. A row whose history has not
 * arrived yet (the reports projection trails) is left without: the dataset falls back to a date
 * its own read model keeps.
 */
export function datedFromHistory<H>(history: {
  readonly projection: string;
  readonly model: string;
  readonly fields: readonly string[];
  amountAt(doc: H, at: Date): AmountSet | undefined;
}) {
  return async <R extends { readonly _id: string }>(
    rows: readonly R[],
    source: JoinSource,
    at: Date,
  ): Promise<(R & WithAmountSet)[]> => {
    const byId = await documentsById<H>(
      source,
      history.projection,
      history.model,
      rows.map((r) => r._id),
      history.fields,
    );
    return rows.map((row) => {
      const doc = byId.get(row._id);
      return doc ? { ...row, amountSet: history.amountAt(doc, at) ?? null } : row;
    });
  };
}

/** The latest of dated facts by `at`, as an amount set (the facts carry the amount). */
export function latestAmount<F extends { readonly at: string; readonly amount: string }>(
  facts: Readonly<Record<string, F>> | undefined,
  at: Date,
  currency: (fact: F) => string,
): AmountSet | undefined {
  const fact = latestFact(facts, at);
  return fact && { at: fact.at, amount: fact.amount, currency: currency(fact) };
}

/** A decimal amount converted and written back as a decimal string (one that does not parse: 0). */
export function convertedDecimal(
  amount: string | undefined,
  currency: string,
  at: string,
  convert: AmountConversion,
): string {
  const value = Number(amount);
  return String(convert.amount(Number.isFinite(value) ? value : 0, currency, at));
}
