// The Opportunity aggregate: opened in a stage of a pipeline, moved through its stages (time in
// each stage recorded), then won, or lost with a reason; reopening restores the stage it was
// closed from. Moving to the stage it is in, or winning a won deal, decides nothing.
import type { Decider } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  UnknownPipelineError,
  UnknownStageError,
} from '../errors';
import { quoteAmountMinor } from '../quote/quote.types';
import { formatMinorUnits, parseMinorUnits } from '../values/money';
import type { OpportunityCommand } from './opportunity.commands';
import type { OpportunityEvent } from './opportunity.events';
import {
  initialOpportunityState,
  type OpportunityFacts,
  type OpportunityState,
} from './opportunity.state';
import { findPipeline, findStage, type Pipeline, type PipelineStage } from './pipeline';

type Existing = Exclude<OpportunityState, { status: 'None' }>;

function existing(state: OpportunityState, opportunityId: string): Existing {
  if (state.status === 'None') throw new RecordNotFoundError('opportunity', opportunityId);
  return state;
}

function pipelineOf(pipelineId: string): Pipeline {
  const pipeline = findPipeline(pipelineId);
  if (!pipeline) throw new UnknownPipelineError(pipelineId);
  return pipeline;
}

function stageOf(pipeline: Pipeline, stageId: string): PipelineStage {
  const stage = findStage(pipeline, stageId);
  if (!stage) throw new UnknownStageError(pipeline.pipelineId, stageId);
  return stage;
}

function decide(command: OpportunityCommand, state: OpportunityState): readonly OpportunityEvent[] {
  switch (command.type) {
    case 'OpenOpportunity': {
      const { now, amountMinor, stageId, leadId, ...data } = command.data;
      if (state.status !== 'None') {
        throw new RecordAlreadyExistsError('opportunity', data.opportunityId);
      }
      const pipeline = pipelineOf(data.pipelineId);
      const stage =
        stageId === undefined ? (pipeline.stages[0] as PipelineStage) : stageOf(pipeline, stageId);
      return [
        {
          type: 'sales.OpportunityOpened',
          data: {
            opportunityId: data.opportunityId,
            name: data.name,
            customerId: data.customerId,
            ...(leadId === undefined ? {} : { leadId }),
            pipelineId: data.pipelineId,
            stageId: stage.stageId,
            probability: stage.probability,
            forecastCategory: stage.forecastCategory,
            amount: formatMinorUnits(amountMinor),
            currency: data.currency,
            expectedCloseOn: data.expectedCloseOn,
            ownerId: data.ownerId,
            teamId: data.teamId,
            openedAt: now,
          },
        },
      ];
    }
    case 'MoveOpportunityStage': {
      const { opportunityId, stageId, now } = command.data;
      const opportunity = existing(state, opportunityId);
      if (opportunity.status !== 'Open') {
        throw new InvalidTransitionError('opportunity', opportunity.status, 'moved');
      }
      const stage = stageOf(pipelineOf(opportunity.pipelineId), stageId);
      if (stage.stageId === opportunity.stageId) return [];
      return [
        {
          type: 'sales.OpportunityStageChanged',
          data: {
            opportunityId,
            fromStageId: opportunity.stageId,
            stageId: stage.stageId,
            probability: stage.probability,
            forecastCategory: stage.forecastCategory,
            msInPreviousStage: Math.max(
              0,
              Date.parse(now) - Date.parse(opportunity.stageEnteredAt),
            ),
            changedAt: now,
          },
        },
      ];
    }
    case 'WinOpportunity': {
      const { opportunityId, now } = command.data;
      const opportunity = existing(state, opportunityId);
      if (opportunity.status === 'Won') return [];
      if (opportunity.status !== 'Open') {
        throw new InvalidTransitionError('opportunity', opportunity.status, 'won');
      }
      return [
        {
          type: 'sales.OpportunityWon',
          data: {
            opportunityId,
            customerId: opportunity.customerId,
            fromStageId: opportunity.stageId,
            amount: formatMinorUnits(opportunity.amountMinor),
            currency: opportunity.currency,
            wonAt: now,
          },
        },
      ];
    }
    case 'LoseOpportunity': {
      const { opportunityId, reason, now } = command.data;
      const opportunity = existing(state, opportunityId);
      if (opportunity.status === 'Lost') return [];
      if (opportunity.status !== 'Open') {
        throw new InvalidTransitionError('opportunity', opportunity.status, 'lost');
      }
      return [
        {
          type: 'sales.OpportunityLost',
          data: { opportunityId, fromStageId: opportunity.stageId, reason, lostAt: now },
        },
      ];
    }
    case 'ReopenOpportunity': {
      const { opportunityId, now } = command.data;
      const opportunity = existing(state, opportunityId);
      if (opportunity.status === 'Open') return [];
      const stage = stageOf(pipelineOf(opportunity.pipelineId), opportunity.stageId);
      return [
        {
          type: 'sales.OpportunityReopened',
          data: {
            opportunityId,
            stageId: stage.stageId,
            probability: stage.probability,
            forecastCategory: stage.forecastCategory,
            reopenedAt: now,
          },
        },
      ];
    }
    case 'OverrideOpportunityProbability': {
      const { opportunityId, probability, now } = command.data;
      const deal = existing(state, opportunityId);
      if (deal.status !== 'Open')
        throw new InvalidTransitionError('opportunity', deal.status, 'given a probability');
      const stageDefault = stageOf(pipelineOf(deal.pipelineId), deal.stageId).probability;
      return [
        {
          type: 'sales.OpportunityProbabilityOverridden',
          data: {
            opportunityId,
            probability: probability ?? stageDefault,
            overridden: probability !== null,
            overriddenAt: now,
          },
        },
      ];
    }
    case 'SetOpportunityLines': {
      const { opportunityId, lines, now } = command.data;
      const deal = existing(state, opportunityId);
      if (deal.status !== 'Open')
        throw new InvalidTransitionError('opportunity', deal.status, 'given lines');
      return [
        {
          type: 'sales.OpportunityLinesSet',
          data: {
            opportunityId,
            lines: lines.map(({ unitPriceMinor, ...line }) => ({
              ...line,
              unitPrice: formatMinorUnits(unitPriceMinor),
              netAmount: formatMinorUnits(quoteAmountMinor([{ ...line, unitPriceMinor }])),
            })),
            amount: formatMinorUnits(quoteAmountMinor(lines)),
            recurringAmount: formatMinorUnits(quoteAmountMinor(lines.filter((l) => l.recurring))),
            currency: deal.currency,
            setAt: now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown opportunity command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: OpportunityState, event: OpportunityEvent): OpportunityState {
  if (event.type === 'sales.OpportunityOpened') {
    const d = event.data;
    return {
      status: 'Open',
      opportunityId: d.opportunityId,
      customerId: d.customerId,
      pipelineId: d.pipelineId,
      stageId: d.stageId,
      stageEnteredAt: d.openedAt,
      // Written by formatMinorUnits, so it always parses.
      amountMinor: parseMinorUnits(d.amount) ?? 0,
      currency: d.currency,
      ownerId: d.ownerId,
      teamId: d.teamId,
      lines: [],
    };
  }
  if (state.status === 'None') return state;
  const facts = factsOf(state);
  switch (event.type) {
    case 'sales.OpportunityStageChanged':
      return {
        ...facts,
        status: 'Open',
        stageId: event.data.stageId,
        stageEnteredAt: event.data.changedAt,
      };
    case 'sales.OpportunityWon':
      return { ...facts, status: 'Won' };
    case 'sales.OpportunityLost':
      return { ...facts, status: 'Lost', reason: event.data.reason };
    case 'sales.OpportunityReopened':
      return { ...facts, status: 'Open', stageEnteredAt: event.data.reopenedAt };
    case 'sales.OpportunityProbabilityOverridden':
      return state;
    case 'sales.OpportunityLinesSet':
      // Only an open deal is given lines; its amount follows them.
      return {
        ...state,
        amountMinor: parseMinorUnits(event.data.amount) ?? state.amountMinor,
        lines: event.data.lines.map(({ unitPrice, netAmount: _net, ...line }) => ({
          ...line,
          // Written by formatMinorUnits, so it always parses.
          unitPriceMinor: parseMinorUnits(unitPrice) ?? 0,
        })),
      };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown opportunity event ${JSON.stringify(unknown)}`);
    }
  }
}

function factsOf(state: Existing): OpportunityFacts {
  return {
    opportunityId: state.opportunityId,
    customerId: state.customerId,
    pipelineId: state.pipelineId,
    stageId: state.stageId,
    stageEnteredAt: state.stageEnteredAt,
    amountMinor: state.amountMinor,
    currency: state.currency,
    ownerId: state.ownerId,
    teamId: state.teamId,
    lines: state.lines,
  };
}

export const opportunityDecider: Decider<OpportunityState, OpportunityCommand, OpportunityEvent> = {
  decide,
  evolve,
  initialState: initialOpportunityState,
};
