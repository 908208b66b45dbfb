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

  it('derives its amount from its lines (discounts rounded once per unit), won at that amount', () => {
    const setLines = {
      type: 'SetOpportunityLines',
      data: {
        opportunityId: OPP,
        lines: [
          {
            sku: 'SEAT',
            name: 'CRM seat',
            category: 'subscriptions',
            quantity: 3,
            unitPriceMinor: 3_333,
            discountPercent: 15,
            recurring: true,
          },
          {
            name: 'Onboarding',
            category: 'services',
            quantity: 1,
            unitPriceMinor: 50_000,
            discountPercent: 0,
            recurring: false,
          },
        ],
        now: T1,
      },
    } as const;
    // 33.33 less 15 % is 28.3305, rounded once to 28.33: 3 × 28.33 = 84.99.
    const linesSet: OpportunityEvent = {
      type: 'sales.OpportunityLinesSet',
      data: {
        opportunityId: OPP,
        lines: [
          {
            sku: 'SEAT',
            name: 'CRM seat',
            category: 'subscriptions',
            quantity: 3,
            unitPrice: '33.33',
            discountPercent: 15,
            recurring: true,
            netAmount: '84.99',
          },
          {
            name: 'Onboarding',
            category: 'services',
            quantity: 1,
            unitPrice: '500.00',
            discountPercent: 0,
            recurring: false,
            netAmount: '500.00',
          },
        ],
        amount: '584.99',
        recurringAmount: '84.99',
        currency: 'EUR',
        setAt: T1,
      },
    };
    spec.given([opened]).when(setLines).then([linesSet]);
    // The deal keeps its current lines at list price: a quote without lines is built from them.
    const state = [opened, linesSet].reduce(
      opportunityDecider.evolve,
      opportunityDecider.initialState,
    );
    expect(state).toMatchObject({ lines: setLines.data.lines });
    spec
      .given([opened, linesSet])
      .when({ type: 'WinOpportunity', data: { opportunityId: OPP, now: T2 } })
      .then([
        {
          type: 'sales.OpportunityWon',
          data: {
            opportunityId: OPP,
            customerId: 'cust-1',
            fromStageId: 'new',
            amount: '584.99',
            currency: 'EUR',
            wonAt: T2,
          },
        },
      ]);
    const won: OpportunityEvent = {
      type: 'sales.OpportunityWon',
      data: {
        opportunityId: OPP,
        customerId: 'cust-1',
        fromStageId: 'new',
        amount: '12500.50',
        currency: 'EUR',
        wonAt: T2,
      },
    };
    spec.given([opened, won]).when(setLines).thenThrows(InvalidTransitionError);
  });

  it('takes a probability set by hand, flagged, and gives the stage default back on clearing', () => {
    const override = (probability: number | null) =>
      ({
        type: 'OverrideOpportunityProbability',
        data: { opportunityId: OPP, probability, now: T1 },
      }) as const;
    spec
      .given([opened])
      .when(override(80))
      .then([
        {
          type: 'sales.OpportunityProbabilityOverridden',
          data: { opportunityId: OPP, probability: 80, overridden: true, overriddenAt: T1 },
        },
      ]);
    spec
      .given([opened])
      .when(override(null))
      .then([
        {
          type: 'sales.OpportunityProbabilityOverridden',
          data: { opportunityId: OPP, probability: 10, overridden: false, overriddenAt: T1 },
        },
      ]);
    const lost: OpportunityEvent = {
      type: 'sales.OpportunityLost',
      data: { opportunityId: OPP, fromStageId: 'new', reason: 'price', lostAt: T1 },
    };
    spec.given([opened, lost]).when(override(50)).thenThrows(InvalidTransitionError);
  });
});
