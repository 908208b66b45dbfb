// The pipeline board: a pipeline's open opportunities in its stage columns, in the pipeline's
// order, each with how many it holds and their sum per currency (exact, in minor units) over all
// of them, and the first cards by expected close. The read model gives the columns
// (pipelineColumns, ADR 0445); a board as of a past instant is built here from the service's replay.
import type { BoardColumnDocuments, OpportunityDocument } from '@crm/sales-read-models';
import { parseMinorUnits, type Pipeline, type PipelineStage } from '@crm/sales-domain';

export interface PipelineColumn {
  readonly stage: PipelineStage;
  readonly count: number;
  readonly opportunities: readonly OpportunityDocument[];
  readonly totals: readonly { readonly currency: string; readonly amountMinor: number }[];
}

/** The read model's columns in the pipeline's stage order. */
export function boardOfColumns(
  pipeline: Pipeline,
  columns: readonly BoardColumnDocuments[],
): PipelineColumn[] {
  return pipeline.stages.map((stage) => {
    const column = columns.find((c) => c.stageId === stage.stageId);
    return {
      stage,
      count: column?.count ?? 0,
      opportunities: column?.opportunities ?? [],
      totals: column?.totals ?? [],
    };
  });
}

/** Columns of the given open opportunities (a replay), the first `perStage` of each shown. */
export function pipelineBoard(
  pipeline: Pipeline,
  open: readonly OpportunityDocument[],
  perStage = Number.POSITIVE_INFINITY,
): PipelineColumn[] {
  return pipeline.stages.map((stage) => {
    const opportunities = open
      .filter((o) => o.stageId === stage.stageId)
      .sort(
        (a, b) => a.expectedCloseOn.localeCompare(b.expectedCloseOn) || a._id.localeCompare(b._id),
      );
    const totals = new Map<string, number>();
    for (const o of opportunities) {
      totals.set(o.currency, (totals.get(o.currency) ?? 0) + (parseMinorUnits(o.amount) ?? 0));
    }
    return {
      stage,
      count: opportunities.length,
      opportunities: opportunities.slice(0, perStage),
      totals: [...totals]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  });
}
