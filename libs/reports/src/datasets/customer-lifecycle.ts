// A customer's lifecycle status, owner and team as they stood at an instant (docs/reports.md,
// customers as of an instant), folded from the reports context's customer lifecycle history;
// read beside customer 360's rows, in the viewer's customer scope.
import type { Customer360Document } from '@crm/customers-read-models';
import {
  REPORT_CUSTOMER_LIFECYCLE_MODEL,
  REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  type CustomerLifecycleDocument,
} from '../read-models/report-read-models';
import { factsUpTo, joinHistory, type DatedHistory } from './dated-facts';

export interface CustomerThen {
  readonly status: string;
  readonly ownerUserId: string | null;
  readonly teamId: string | null;
}

export type CustomerRow = Customer360Document & { readonly then?: CustomerThen | null };

/** The history folded up to `asOf`; null when the customer was not registered by then. */
export function customerThen(
  doc: Pick<CustomerLifecycleDocument, 'facts'>,
  asOf: Date,
): CustomerThen | null {
  let then = null as CustomerThen | null;
  for (const fact of factsUpTo(doc.facts, asOf)) {
    switch (fact.kind) {
      case 'status':
        then = { ownerUserId: null, teamId: null, ...then, status: fact.status };
        break;
      case 'owner':
        if (then) then = { ...then, ownerUserId: fact.ownerUserId, teamId: fact.teamId };
        break;
      default: {
        const unhandled: never = fact;
        return unhandled;
      }
    }
  }
  return then;
}

const CUSTOMER_LIFECYCLE: DatedHistory<CustomerLifecycleDocument, CustomerThen | null> = {
  projection: REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  model: REPORT_CUSTOMER_LIFECYCLE_MODEL,
  fold: customerThen,
};

/** Each customer row with where it stood at `asOf` (null: not registered then; absent: no history). */
export const withCustomerThen = joinHistory(CUSTOMER_LIFECYCLE);

export { REPORT_CUSTOMER_LIFECYCLE_PROJECTION };
