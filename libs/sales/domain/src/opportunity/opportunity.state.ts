// State of an opportunity: open in a stage, or closed (won/lost) remembering the stage it left so
// that reopening restores it.
import type { OpportunityLine } from './opportunity.commands';

export interface OpportunityFacts {
  readonly opportunityId: string;
  readonly customerId: string;
  readonly pipelineId: string;
  /** The current stage while open; the stage it was closed from when won or lost. */
  readonly stageId: string;
  readonly stageEnteredAt: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
  /** Its current lines (none until SetOpportunityLines): what a quote without lines is built from. */
  readonly lines: readonly OpportunityLine[];
}

export type OpportunityState =
  | { readonly status: 'None' }
  | (OpportunityFacts & { readonly status: 'Open' | 'Won' })
  | (OpportunityFacts & { readonly status: 'Lost'; readonly reason: string });

export const initialOpportunityState: OpportunityState = { status: 'None' };
