// The pipeline board: a pipeline's open opportunities in its stage columns, in the pipeline's
// order, with the sum per currency of each column (exact, in minor units).
import type { OpportunityDocument } from '@crm/sales-read-models';
import { parseMinorUnits, type Pipeline, type PipelineStage } from '@crm/sales-domain';

export interface PipelineColumn {
  readonly stage: PipelineStage;
  readonly opportunities: readonly OpportunityDocument[];
  readonly totals: readonly { readonly currency: string; readonly amountMinor: number }[];
}

export function pipelineBoard(
  pipeline: Pipeline,
  open: readonly OpportunityDocument[],
): PipelineColumn[] {
  return pipeline.stages.map((stage) => {
    const opportunities = open.filter((o) => o.stageId === stage.stageId);
    const totals = new Map<string, number>();
    for (const o of opportunities) {
      totals.set(o.currency, (totals.get(o.currency) ?? 0) + (parseMinorUnits(o.amount) ?? 0));
    }
    return {
      stage,
      opportunities,
      totals: [...totals].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    };
  });
}
