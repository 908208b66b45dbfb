// What the customer 360 shows from the other contexts, computed from their read-model documents:
// pure functions, so the sums (per currency, exact in minor units) are tested without servers.
import { formatMinorUnits, parseMinorUnits } from '@crm/sales-domain';
import type { OpportunityDocument } from '@crm/sales-read-models';

export interface MoneyTotal {
  readonly amount: string;
  readonly currency: string;
}

export interface SalesFactsView {
  readonly openOpportunities: number;
  readonly openPipeline: MoneyTotal[];
  readonly nextExpectedCloseOn: string | null;
}

type OpenOpportunity = Pick<OpportunityDocument, 'amount' | 'currency' | 'expectedCloseOn'>;

/** Open opportunities of one customer: how many, their amounts per currency, the nearest close. */
export function salesFactsOf(open: readonly OpenOpportunity[]): SalesFactsView {
  const minorByCurrency = new Map<string, number>();
  for (const o of open) {
    // Amounts in the read model were validated on the way in; an unreadable one is a bug there.
    const minor = parseMinorUnits(o.amount);
    if (minor === undefined) throw new RangeError(`unreadable opportunity amount ${o.amount}`);
    minorByCurrency.set(o.currency, (minorByCurrency.get(o.currency) ?? 0) + minor);
  }
  const closes = open.map((o) => o.expectedCloseOn).sort();
  return {
    openOpportunities: open.length,
    openPipeline: [...minorByCurrency]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, minor]) => ({ amount: formatMinorUnits(minor), currency })),
    nextExpectedCloseOn: closes[0] ?? null,
  };
}
