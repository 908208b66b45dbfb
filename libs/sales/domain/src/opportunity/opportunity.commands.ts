// Commands of the Opportunity aggregate, already parsed. Amounts in minor units.
import type { QuoteLine } from '../quote/quote.types';

/** A product line of a deal: a quote line (list price, whole-percent discount), one-off or recurring. */
export interface OpportunityLine extends QuoteLine {
  /** Billed every period (a subscription) rather than once; its amount counts one period. */
  readonly recurring: boolean;
}

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type OpenOpportunity = Command<
  'OpenOpportunity',
  {
    readonly opportunityId: string;
    readonly name: string;
    readonly customerId: string;
    readonly leadId?: string;
    readonly pipelineId: string;
    /** The first stage of the pipeline when absent. */
    readonly stageId?: string;
    readonly amountMinor: number;
    readonly currency: string;
    /** Calendar date (YYYY-MM-DD). */
    readonly expectedCloseOn: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly now: string;
  }
>;

export type MoveOpportunityStage = Command<
  'MoveOpportunityStage',
  { readonly opportunityId: string; readonly stageId: string; readonly now: string }
>;

export type WinOpportunity = Command<
  'WinOpportunity',
  { readonly opportunityId: string; readonly now: string }
>;

export type LoseOpportunity = Command<
  'LoseOpportunity',
  { readonly opportunityId: string; readonly reason: string; readonly now: string }
>;

export type ReopenOpportunity = Command<
  'ReopenOpportunity',
  { readonly opportunityId: string; readonly now: string }
>;

/** Replaces an open deal's lines; its amount becomes their exact net sum. */
export type SetOpportunityLines = Command<
  'SetOpportunityLines',
  {
    readonly opportunityId: string;
    readonly lines: readonly OpportunityLine[];
    readonly now: string;
  }
>;

/** A rep's own win probability for an open deal (null: back to its stage's default). */
export type OverrideOpportunityProbability = Command<
  'OverrideOpportunityProbability',
  { readonly opportunityId: string; readonly probability: number | null; readonly now: string }
>;

export type OpportunityCommand =
  | OverrideOpportunityProbability
  | OpenOpportunity
  | MoveOpportunityStage
  | WinOpportunity
  | LoseOpportunity
  | ReopenOpportunity
  | SetOpportunityLines;
