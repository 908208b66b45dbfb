// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  InvalidTransitionError,
  RecordAlreadyExistsError,
  UnknownPipelineError,
  UnknownStageError,
} from '../errors';
import type { OpenOpportunity } from './opportunity.commands';
import type { OpportunityEvent, OpportunityOpened } from './opportunity.events';
import { opportunityDecider } from './opportunity.decider';

const OPP = 'opp-1';
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-01T10:30:00.000Z';
const T2 = '2026-03-05T09:00:00.000Z';
const spec = deciderSpec(opportunityDecider);

const open: OpenOpportunity = {
  type: 'OpenOpportunity',
  data: {
    opportunityId: OPP,
    name: 'Engines for Analytical',
    customerId: 'cust-1',
    leadId: 'lead-1',
    pipelineId: 'default',
    amountMinor: 1_250_050,
    currency: 'EUR',
    expectedCloseOn: '2026-04-30',
    ownerId: 'rep-1',
    teamId: 'team-a',
    now: T0,
  },
};
const opened: OpportunityOpened = {
  type: 'sales.OpportunityOpened',
  data: {
    opportunityId: OPP,
    name: 'Engines for Analytical',
    customerId: 'cust-1',
    leadId: 'lead-1',
    pipelineId: 'default',
    stageId: 'new',
    probability: 10,
    forecastCategory: 'pipeline',
    amount: '12500.50',
    currency: 'EUR',
    expectedCloseOn: '2026-04-30',
    ownerId: 'rep-1',
    teamId: 'team-a',
    openedAt: T0,
  },
};
const toProposal: OpportunityEvent = {
  type: 'sales.OpportunityStageChanged',
  data: {
    opportunityId: OPP,
    fromStageId: 'new',
    stageId: 'proposal',
    probability: 50,
    forecastCategory: 'best_case',
    msInPreviousStage: 90 * 60 * 1000,
    changedAt: T1,
  },
};
const lost: OpportunityEvent = {
  type: 'sales.OpportunityLost',
  data: { opportunityId: OPP, fromStageId: 'proposal', reason: 'price', lostAt: T2 },
};
const move = (stageId: string) =>
  ({ type: 'MoveOpportunityStage', data: { opportunityId: OPP, stageId, now: T1 } }) as const;

describe('Opportunity', () => {
  it('opens in the first stage of its pipeline with that stage’s probability', () => {
    spec.given([]).when(open).then([opened]);
    spec.given([opened]).when(open).thenThrows(RecordAlreadyExistsError);
    spec
      .given([])
      .when({ ...open, data: { ...open.data, pipelineId: 'nope' } })
      .thenThrows(UnknownPipelineError);
    spec
      .given([])
      .when({ ...open, data: { ...open.data, stageId: 'won' } })
      .thenThrows(UnknownStageError);
  });

  it('moves through stages recording the time spent in the previous one', () => {
    spec.given([opened]).when(move('proposal')).then([toProposal]);
    spec.given([opened, toProposal]).when(move('proposal')).thenNothingHappened();
    spec.given([opened]).when(move('closing')).thenThrows(UnknownStageError);
  });

  it('is won with its amount, or lost with a reason; a closed deal does not move', () => {
    spec
      .given([opened, toProposal])
      .when({ type: 'WinOpportunity', data: { opportunityId: OPP, now: T2 } })
      .then([
        {
          type: 'sales.OpportunityWon',
          data: {
            opportunityId: OPP,
            customerId: 'cust-1',
            fromStageId: 'proposal',
            amount: '12500.50',
            currency: 'EUR',
            wonAt: T2,
          },
        },
      ]);
    spec
      .given([opened, toProposal])
      .when({ type: 'LoseOpportunity', data: { opportunityId: OPP, reason: 'price', now: T2 } })
      .then([lost]);
    spec.given([opened, lost]).when(move('negotiation')).thenThrows(InvalidTransitionError);
    spec
      .given([opened, lost])
      .when({ type: 'WinOpportunity', data: { opportunityId: OPP, now: T2 } })
      .thenThrows(InvalidTransitionError);
  });

  it('reopens in the stage it was closed from', () => {
    spec
      .given([opened, toProposal, lost])
      .when({ type: 'ReopenOpportunity', data: { opportunityId: OPP, now: T2 } })
      .then([
        {
          type: 'sales.OpportunityReopened',
          data: {
            opportunityId: OPP,
            stageId: 'proposal',
            probability: 50,
            forecastCategory: 'best_case',
            reopenedAt: T2,
          },
        },
      ]);
  });
});
