// Time in stage for reports (docs/reports.md, ADR 0305): one document per opportunity with its
// visits to each stage, built from the sales context's opportunity events. A move carries the time
// spent in the stage it leaves (`msInPreviousStage`); a win or a loss ends the current visit at its
// close instant, which the report reads from `currentEnteredAt` and `closedAt`. Counts are
// increments: the runtime guards every change by the position it applies. Version 2 also keeps
// every stage event under its stream version (`moves`), so a report can replay the visits as of
// an instant (asOf). Version 3 also dates the amount (at the opening and at each change of lines,
// `amounts`) and keeps the expected close date, so the open pipeline answers asOf.
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  defineProjection,
  encodeFieldKey,
  upsert,
  type Fields,
  type ReadModelChange,
} from '@crm/read-models';
import {
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  type StageMoveDocument,
} from '@crm/reports/read-models';
import type { OpportunityEvent } from '@crm/sales-domain';

const OPPORTUNITY_EVENT_TYPES: readonly OpportunityEvent['type'][] = [
  'sales.OpportunityOpened',
  'sales.OpportunityStageChanged',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
  'sales.OpportunityReopened',
  'sales.OpportunityLinesSet',
];

const stage = (stageId: string) => `stages.${encodeFieldKey(stageId)}`;

/** Entering `stageId` at `at`: one more visit, and it becomes the current stage. */
function entering(stageId: string, at: string): { set: Fields; inc: Record<string, number> } {
  return {
    set: { currentStageId: stageId, currentEnteredAt: at, [`${stage(stageId)}.stageId`]: stageId },
    inc: { [`${stage(stageId)}.entered`]: 1 },
  };
}

export function projectOpportunityStages(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as OpportunityEvent;
  const change = (
    move: StageMoveDocument,
    set: Fields,
    inc: Record<string, number>,
    unset?: readonly string[],
  ) =>
    upsert(REPORT_OPPORTUNITY_STAGES_MODEL, event.data.opportunityId, {
      set: {
        tenantId: envelope.tenantId,
        version: envelope.streamVersion,
        [`moves.${envelope.streamVersion}`]: { ...move },
        ...set,
      },
      inc,
      ...(unset ? { unset } : {}),
    });
  switch (event.type) {
    case 'sales.OpportunityOpened': {
      const d = event.data;
      const enter = entering(d.stageId, d.openedAt);
      return change(
        { kind: 'opened', at: d.openedAt, stageId: d.stageId },
        {
          ownerId: d.ownerId,
          teamId: d.teamId,
          pipelineId: d.pipelineId,
          openedAt: d.openedAt,
          expectedCloseOn: d.expectedCloseOn,
          [`amounts.${envelope.streamVersion}`]: {
            at: d.openedAt,
            amount: d.amount,
            currency: d.currency,
          },
          status: 'open',
          ...enter.set,
        },
        enter.inc,
      );
    }
    case 'sales.OpportunityStageChanged': {
      const d = event.data;
      const enter = entering(d.stageId, d.changedAt);
      const move = {
        kind: 'moved',
        at: d.changedAt,
        stageId: d.stageId,
        fromStageId: d.fromStageId,
        ms: d.msInPreviousStage,
      } as const;
      return change(move, enter.set, {
        [`${stage(d.fromStageId)}.movedOut`]: 1,
        [`${stage(d.fromStageId)}.movedOutMs`]: d.msInPreviousStage,
        ...enter.inc,
      });
    }
    case 'sales.OpportunityWon':
      return change(
        {
          kind: 'won',
          at: event.data.wonAt,
          stageId: event.data.fromStageId,
          amount: event.data.amount,
          currency: event.data.currency,
        },
        { status: 'won', closedAt: event.data.wonAt },
        { [`${stage(event.data.fromStageId)}.won`]: 1 },
      );
    case 'sales.OpportunityLost':
      return change(
        { kind: 'lost', at: event.data.lostAt, stageId: event.data.fromStageId },
        { status: 'lost', closedAt: event.data.lostAt },
        { [`${stage(event.data.fromStageId)}.lost`]: 1 },
      );
    case 'sales.OpportunityReopened': {
      // The closed visit's time is no longer known once reopened (documented); a new visit starts.
      const enter = entering(event.data.stageId, event.data.reopenedAt);
      const d = event.data;
      return change(
        { kind: 'reopened', at: d.reopenedAt, stageId: d.stageId },
        { status: 'open', ...enter.set },
        enter.inc,
        ['closedAt'],
      );
    }
    case 'sales.OpportunityLinesSet': {
      // New lines move the amount, not the stage: dated beside the stage events, not among them.
      const { setAt: at, amount, currency } = event.data;
      return upsert(REPORT_OPPORTUNITY_STAGES_MODEL, event.data.opportunityId, {
        set: {
          tenantId: envelope.tenantId,
          version: envelope.streamVersion,
          [`amounts.${envelope.streamVersion}`]: { at, amount, currency },
        },
      });
    }
    case 'sales.OpportunityProbabilityOverridden':
      return undefined; // the probability does not move a deal between stages (not subscribed)
    default:
      return undefined;
  }
}

export const reportOpportunityStagesProjection = defineProjection({
  name: REPORT_OPPORTUNITY_STAGES_PROJECTION,
  // 2: every stage event kept under its stream version (`moves`) for asOf. 3: amounts dated.
  version: 3,
  eventTypes: OPPORTUNITY_EVENT_TYPES,
  readModels: [REPORT_OPPORTUNITY_STAGES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [REPORT_OPPORTUNITY_STAGES_MODEL]: [
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
      { fields: { tenantId: 1, openedAt: 1 } },
    ],
  },
  project: projectOpportunityStages,
});
