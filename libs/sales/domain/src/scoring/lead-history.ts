// What scoring reads from the sales log: a lead's attributes from its capture (facts only: "has an
// e-mail address", never the address), and the tenant's won/lost history, folded from captures,
// conversions and the outcomes of the opportunities they opened (the last outcome counts: a deal
// reopened and then won is won).
import type { LeadCaptured, LeadConverted } from '../lead/lead.events';
import type { OpportunityLost, OpportunityWon } from '../opportunity/opportunity.events';
import type { LeadOutcome } from './lead-scoring';
import type { LeadAttributes } from './lead-scoring.model';

export const LEAD_HISTORY_EVENT_TYPES = [
  'sales.LeadCaptured',
  'sales.LeadConverted',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
] as const;

type HistoryEvent = LeadCaptured | LeadConverted | OpportunityWon | OpportunityLost;

const yesNo = (value: unknown): string => (value ? 'yes' : 'no');

export function leadAttributesOf(captured: LeadCaptured['data']): LeadAttributes {
  return {
    source: captured.source,
    company: yesNo(captured.companyName),
    email: yesNo(captured.contact.email),
    phone: yesNo(captured.contact.phone),
  };
}

/** The outcomes of converted leads whose deals were won or lost, in log order. */
export function leadOutcomesOf(events: Iterable<{ type: string; data: unknown }>): LeadOutcome[] {
  const attributes = new Map<string, LeadAttributes>();
  const dealOf = new Map<string, string>();
  const outcome = new Map<string, boolean>();
  for (const raw of events) {
    const event = raw as HistoryEvent;
    switch (event.type) {
      case 'sales.LeadCaptured':
        attributes.set(event.data.leadId, leadAttributesOf(event.data));
        break;
      case 'sales.LeadConverted':
        dealOf.set(event.data.leadId, event.data.opportunityId);
        break;
      case 'sales.OpportunityWon':
        outcome.set(event.data.opportunityId, true);
        break;
      case 'sales.OpportunityLost':
        outcome.set(event.data.opportunityId, false);
        break;
      default:
        break;
    }
  }
  const outcomes: LeadOutcome[] = [];
  for (const [leadId, opportunityId] of dealOf) {
    const lead = attributes.get(leadId);
    const won = outcome.get(opportunityId);
    if (lead !== undefined && won !== undefined) outcomes.push({ attributes: lead, won });
  }
  return outcomes;
}
