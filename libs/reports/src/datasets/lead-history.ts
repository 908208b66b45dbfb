// A lead's status, owner and team as they stood at an instant (docs/reports.md, leads as of an
// instant), folded from the reports context's lead history; read beside the lead queue's rows, in
// the viewer's sales scope.
import {
  REPORT_LEAD_HISTORY_MODEL,
  REPORT_LEAD_HISTORY_PROJECTION,
  type LeadHistoryDocument,
} from '../read-models/report-read-models';
import { factsUpTo, joinHistory, type DatedHistory } from './dated-facts';

export interface LeadThen {
  readonly status: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
}

/** The history folded up to `asOf`; null when the lead was not captured by then. */
export function leadThen(doc: LeadHistoryDocument, asOf: Date): LeadThen | null {
  let then = null as LeadThen | null;
  for (const fact of factsUpTo(doc.facts, asOf)) {
    switch (fact.kind) {
      case 'captured':
        then = { status: 'open', ownerId: fact.ownerId, teamId: fact.teamId };
        break;
      case 'assigned':
        if (then) then = { ...then, ownerId: fact.ownerId, teamId: fact.teamId };
        break;
      case 'status':
        if (then) then = { ...then, status: fact.status };
        break;
      default: {
        const unhandled: never = fact;
        return unhandled;
      }
    }
  }
  return then;
}

const LEAD_HISTORY: DatedHistory<LeadHistoryDocument, LeadThen | null> = {
  projection: REPORT_LEAD_HISTORY_PROJECTION,
  model: REPORT_LEAD_HISTORY_MODEL,
  fold: leadThen,
};

/** Each lead row with where it stood at `asOf` (no `then`: no history kept yet). */
export const withLeadThen = joinHistory(LEAD_HISTORY);

export { REPORT_LEAD_HISTORY_PROJECTION };
