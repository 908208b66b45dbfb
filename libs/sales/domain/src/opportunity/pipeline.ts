// Pipelines: ordered stages, each with a default win probability and a forecast category, as Odoo's
// crm.stage and EspoCRM's opportunity stages do. Won and lost are not stages one moves to: they are
// the outcomes of WinOpportunity and LoseOpportunity, so a deal can only be closed on purpose (with
// a reason when lost). Pipelines are declared here for now (per-tenant pipelines are a later step).
export const FORECAST_CATEGORIES = [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export interface PipelineStage {
  readonly stageId: string;
  readonly name: string;
  /** Default win probability, percent. */
  readonly probability: number;
  readonly forecastCategory: ForecastCategory;
}

export interface Pipeline {
  readonly pipelineId: string;
  readonly name: string;
  /** Open stages in order; the first is where new opportunities start. */
  readonly stages: readonly PipelineStage[];
}

export const DEFAULT_PIPELINE: Pipeline = {
  pipelineId: 'default',
  name: 'Sales',
  stages: [
    { stageId: 'new', name: 'New', probability: 10, forecastCategory: 'pipeline' },
    { stageId: 'qualified', name: 'Qualified', probability: 25, forecastCategory: 'pipeline' },
    { stageId: 'proposal', name: 'Proposal', probability: 50, forecastCategory: 'best_case' },
    { stageId: 'negotiation', name: 'Negotiation', probability: 75, forecastCategory: 'commit' },
  ],
};

/**
 * Deals sold through partners (ADR 0480): a second pipeline, so a team can work it by default and
 * leads are scored on its own won/lost history.
 */
export const PARTNER_PIPELINE: Pipeline = {
  pipelineId: 'partner',
  name: 'Partner sales',
  stages: [
    {
      stageId: 'registered',
      name: 'Deal registered',
      probability: 10,
      forecastCategory: 'pipeline',
    },
    { stageId: 'qualified', name: 'Qualified', probability: 30, forecastCategory: 'pipeline' },
    { stageId: 'proposal', name: 'Proposal', probability: 60, forecastCategory: 'best_case' },
    { stageId: 'negotiation', name: 'Negotiation', probability: 80, forecastCategory: 'commit' },
  ],
};

export const PIPELINES: readonly Pipeline[] = [DEFAULT_PIPELINE, PARTNER_PIPELINE];

export function findPipeline(pipelineId: string): Pipeline | undefined {
  return PIPELINES.find((p) => p.pipelineId === pipelineId);
}

export function findStage(pipeline: Pipeline, stageId: string): PipelineStage | undefined {
  return pipeline.stages.find((s) => s.stageId === stageId);
}
