// The tenant's lead scoring model (stream `sales.LeadScoringModel-<tenantId>`): each definition is
// a new version; scores name the version they used. A tenant without one scores with version 0.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { DEFAULT_LEAD_SCORING_MODEL, type LeadScoringModel } from './lead-scoring.model';

export type DefineLeadScoringModel = {
  readonly type: 'DefineLeadScoringModel';
  readonly data: Omit<LeadScoringModel, 'version'> & { readonly now: string };
};

export type LeadScoringModelDefined = DomainEvent<
  'sales.LeadScoringModelDefined',
  LeadScoringModel & { readonly definedAt: string }
>;

function decide(
  command: DefineLeadScoringModel,
  state: LeadScoringModel,
): readonly LeadScoringModelDefined[] {
  const { now, ...model } = command.data;
  return [
    {
      type: 'sales.LeadScoringModelDefined',
      data: { ...model, version: state.version + 1, definedAt: now },
    },
  ];
}

function evolve(_state: LeadScoringModel, event: LeadScoringModelDefined): LeadScoringModel {
  const { definedAt: _at, ...model } = event.data;
  return model;
}

export const leadScoringModelDecider: Decider<
  LeadScoringModel,
  DefineLeadScoringModel,
  LeadScoringModelDefined
> = { decide, evolve, initialState: DEFAULT_LEAD_SCORING_MODEL };
