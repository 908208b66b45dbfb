// What scoring reads from the sales log: a lead's attributes from its capture (facts only: "has an
// e-mail address", never the address), and the tenant's won/lost history, folded from captures,
// conversions and the outcomes of the opportunities they opened (the last outcome counts: a deal
// reopened and then won is won), each in the pipeline its deal was opened in (ADR 0480: the win
// probability is learned per pipeline).
import type { LeadCaptured, LeadConverted } from '../lead/lead.events';
import type {
  OpportunityLost,
  OpportunityOpened,
  OpportunityWon,
} from '../opportunity/opportunity.events';
import type { LeadOutcome } from './lead-scoring';
import type { LeadAttributes } from './lead-scoring.model';

export const LEAD_HISTORY_EVENT_TYPES = [
  'sales.LeadCaptured',
  'sales.LeadConverted',
  'sales.OpportunityOpened',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
] as const;

type HistoryEvent =
  LeadCaptured | LeadConverted | OpportunityOpened | OpportunityWon | OpportunityLost;

const yesNo = (value: unknown): string => (value ? 'yes' : 'no');

export function leadAttributesOf(captured: LeadCaptured['data']): LeadAttributes {
  return {
    source: captured.source,
    company: yesNo(captured.companyName),
    email: yesNo(captured.contact.email),
    phone: yesNo(captured.contact.phone),
  };
}

/**
 * The won/lost history folded one event at a time, so a service can keep it and read only the log's
 * new events before each score (the fold of the whole log and of its parts in order are the same).
 */
export class LeadHistoryFold {
  private readonly attributes = new Map<string, LeadAttributes>();
  private readonly dealOf = new Map<string, string>();
  private readonly outcome = new Map<string, boolean>();
  private readonly pipelineOf = new Map<string, string>();

  apply(raw: { type: string; data: unknown }): void {
    const event = raw as HistoryEvent;
    switch (event.type) {
      case 'sales.LeadCaptured':
        this.attributes.set(event.data.leadId, leadAttributesOf(event.data));
        break;
      case 'sales.LeadConverted':
        this.dealOf.set(event.data.leadId, event.data.opportunityId);
        break;
      case 'sales.OpportunityOpened':
        this.pipelineOf.set(event.data.opportunityId, event.data.pipelineId);
        break;
      case 'sales.OpportunityWon':
        this.outcome.set(event.data.opportunityId, true);
        break;
      case 'sales.OpportunityLost':
        this.outcome.set(event.data.opportunityId, false);
        break;
      default:
        break;
    }
  }

  /**
   * The outcomes of converted leads whose deals were won or lost, in conversion order: those of one
   * pipeline's deals when `pipelineId` is given, else all of them.
   */
  outcomes(pipelineId?: string): LeadOutcome[] {
    const outcomes: LeadOutcome[] = [];
    for (const [leadId, opportunityId] of this.dealOf) {
      const lead = this.attributes.get(leadId);
      const won = this.outcome.get(opportunityId);
      const inPipeline =
        pipelineId === undefined || this.pipelineOf.get(opportunityId) === pipelineId;
      if (lead !== undefined && won !== undefined && inPipeline)
        outcomes.push({ attributes: lead, won });
    }
    return outcomes;
  }
}

/** The outcomes of converted leads whose deals were won or lost, in log order (ADR 0480). */
export function leadOutcomesOf(
  events: Iterable<{ type: string; data: unknown }>,
  pipelineId?: string,
): LeadOutcome[] {
  const fold = new LeadHistoryFold();
  for (const event of events) fold.apply(event);
  return fold.outcomes(pipelineId);
}
