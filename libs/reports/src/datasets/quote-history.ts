// A quote's status, amount, approvals needed and decision as they stood at an instant
// (docs/reports.md, quotes as of an instant), folded from the reports context's quote history;
// read beside the quote read model's rows, in the viewer's sales scope.
import type { QuoteDocument } from '@crm/sales-read-models';
import {
  REPORT_QUOTE_HISTORY_MODEL,
  REPORT_QUOTE_HISTORY_PROJECTION,
  type QuoteHistoryDocument,
} from '../read-models/report-read-models';
import { factsUpTo, joinHistory, type DatedHistory } from './dated-facts';

export interface QuoteThen {
  readonly status: string;
  readonly amount: string;
  readonly approvalReasons: readonly string[];
  /** When the customer accepted or rejected it, or it expired; absent while undecided then. */
  readonly decidedAt?: string;
}

export type QuoteRow = QuoteDocument & { readonly then?: QuoteThen | null };

/** The history folded up to `asOf`; null when the quote was not created by then. */
export function quoteThen(doc: Pick<QuoteHistoryDocument, 'facts'>, asOf: Date): QuoteThen | null {
  let then = null as QuoteThen | null;
  for (const fact of factsUpTo(doc.facts, asOf)) {
    switch (fact.kind) {
      case 'version':
        // A new version is a draft again (the quote read model does the same).
        then = { status: 'draft', amount: fact.amount, approvalReasons: fact.approvalReasons };
        break;
      // An approval moves no status (sending does); approval-turnaround.ts reads it.
      case 'approval':
        break;
      case 'status':
        if (then)
          then = {
            ...then,
            status: fact.status,
            ...(fact.status !== 'sent' && { decidedAt: fact.at }),
          };
        break;
      default: {
        const unhandled: never = fact;
        return unhandled;
      }
    }
  }
  return then;
}

const QUOTE_HISTORY: DatedHistory<QuoteHistoryDocument, QuoteThen | null> = {
  projection: REPORT_QUOTE_HISTORY_PROJECTION,
  model: REPORT_QUOTE_HISTORY_MODEL,
  fold: quoteThen,
};

/** Each quote row with where it stood at `asOf` (no `then`: no history kept yet). */
export const withQuoteThen = joinHistory(QUOTE_HISTORY);

/**
 * The quote as it stood at `asOf` from its history; without one (the reports projection trails
 * the quote read model), the quote as it stands now, decided only if decided by then (a decision
 * follows a sending, so it was sent then).
 */
export function quoteAsOf(doc: QuoteRow, asOf: Date): QuoteRow {
  const { then, decidedAt, ...quote } = doc;
  if (then === undefined || then === null) {
    if (decidedAt === undefined) return { ...quote };
    // Decided after the instant: it had been sent and was awaiting the customer then.
    return Date.parse(decidedAt) <= asOf.getTime()
      ? { ...quote, decidedAt }
      : { ...quote, status: 'sent' };
  }
  return {
    ...quote,
    status: then.status as QuoteDocument['status'],
    amount: then.amount,
    approvalReasons: [...then.approvalReasons] as QuoteDocument['approvalReasons'],
    ...(then.decidedAt !== undefined && { decidedAt: then.decidedAt }),
  };
}

export { REPORT_QUOTE_HISTORY_PROJECTION };
