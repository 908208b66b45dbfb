// Commands of the Opportunity aggregate, already parsed. Amounts in minor units.

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

export type OpportunityCommand =
  OpenOpportunity | MoveOpportunityStage | WinOpportunity | LoseOpportunity | ReopenOpportunity;
