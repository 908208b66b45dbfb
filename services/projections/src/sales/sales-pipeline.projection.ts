// The pipeline board: one document per opportunity with its stage, probability, forecast category,
// amount (also in minor units, summed per column on the server), owner and team; won and lost ones
// keep their last stage and leave the board (status). Beside it, each open opportunity's placement
// (pipeline, stage, owner, team, currency, amount, expected close) in its tenant's board buckets,
// which the board reads by `_id` (ADR 0445).
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import { parseMinorUnits, type OpportunityEvent } from '@crm/sales-domain';
import {
  SALES_BOARD_PLACEMENTS_MODEL,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  boardPlacementBucketId,
  boardPlacementPath,
} from '@crm/sales-read-models';

const OPPORTUNITY_EVENT_TYPES: readonly OpportunityEvent['type'][] = [
  'sales.OpportunityOpened',
  'sales.OpportunityStageChanged',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
  'sales.OpportunityReopened',
  'sales.OpportunityLinesSet',
  'sales.OpportunityProbabilityOverridden',
];

/** The amount in minor units beside its decimal string: the board sums it on the server. */
const minor = (amount: string) => ({ amountMinor: parseMinorUnits(amount) ?? 0 });

/**
 * The change to the opportunity's board placement: `set` relative to it (a whole placement or some
 * of its fields), or `null` to take it off the board (won, lost).
 */
function projectBoardPlacement(
  envelope: EventEnvelope,
  opportunityId: string,
  placement: Fields | null,
): ReadModelChange {
  const path = boardPlacementPath(opportunityId);
  const id = boardPlacementBucketId(envelope.tenantId, opportunityId);
  const tenant = { tenantId: envelope.tenantId };
  if (placement === null)
    return upsert(SALES_BOARD_PLACEMENTS_MODEL, id, { set: tenant, unset: [path] });
  const set: Record<string, Fields[string]> = { ...tenant };
  for (const [field, value] of Object.entries(placement)) set[`${path}.${field}`] = value;
  return upsert(SALES_BOARD_PLACEMENTS_MODEL, id, { set });
}

/** Both changes of an opportunity event: its document, and its placement on the board. */
export function projectSalesPipeline(envelope: EventEnvelope): ReadModelChange[] {
  const opportunity = projectSalesOpportunity(envelope);
  const placement = boardPlacementOf(envelope);
  return [
    ...(opportunity ? [opportunity] : []),
    ...(placement === undefined
      ? []
      : [
          projectBoardPlacement(
            envelope,
            (envelope.data as { opportunityId: string }).opportunityId,
            placement,
          ),
        ]),
  ];
}

/** What an event changes in the placement (undefined: nothing; null: off the board). */
function boardPlacementOf(envelope: EventEnvelope): Fields | null | undefined {
  const event = { type: envelope.type, data: envelope.data } as OpportunityEvent;
  switch (event.type) {
    case 'sales.OpportunityOpened': {
      const d = event.data;
      return {
        pipelineId: d.pipelineId,
        stageId: d.stageId,
        currency: d.currency,
        ...minor(d.amount),
        expectedCloseOn: d.expectedCloseOn,
        ownerId: d.ownerId,
        teamId: d.teamId,
      };
    }
    case 'sales.OpportunityStageChanged':
    case 'sales.OpportunityReopened':
      return { stageId: event.data.stageId };
    case 'sales.OpportunityLinesSet':
      return { currency: event.data.currency, ...minor(event.data.amount) };
    case 'sales.OpportunityWon':
    case 'sales.OpportunityLost':
      return null;
    case 'sales.OpportunityProbabilityOverridden': // the board neither places nor sums by it
    default:
      return undefined;
  }
}

export function projectSalesOpportunity(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as OpportunityEvent;
  const opportunity = (set: Fields, unset: readonly string[] = []): ReadModelChange =>
    upsert(SALES_OPPORTUNITIES_MODEL, event.data.opportunityId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...set },
      ...(unset.length > 0 ? { unset } : {}),
    });
  switch (event.type) {
    case 'sales.OpportunityOpened': {
      const { opportunityId: _id, openedAt, leadId, ...d } = event.data;
      return opportunity({
        ...d,
        ...(leadId ? { leadId } : {}),
        ...minor(d.amount),
        status: 'open',
        stageEnteredAt: openedAt,
        openedAt,
      });
    }
    case 'sales.OpportunityStageChanged': {
      const d = event.data;
      return opportunity({
        stageId: d.stageId,
        probability: d.probability,
        forecastCategory: d.forecastCategory,
        stageEnteredAt: d.changedAt,
        probabilityOverridden: false,
      });
    }
    case 'sales.OpportunityWon':
      return opportunity({
        status: 'won',
        closedAt: event.data.wonAt,
        amount: event.data.amount,
        ...minor(event.data.amount),
      });
    case 'sales.OpportunityLost':
      return opportunity({
        status: 'lost',
        lostReason: event.data.reason,
        closedAt: event.data.lostAt,
      });
    case 'sales.OpportunityReopened': {
      const d = event.data;
      return opportunity(
        {
          status: 'open',
          stageId: d.stageId,
          probability: d.probability,
          forecastCategory: d.forecastCategory,
          stageEnteredAt: d.reopenedAt,
          probabilityOverridden: false,
        },
        ['lostReason', 'closedAt'],
      );
    }
    case 'sales.OpportunityProbabilityOverridden': {
      const { probability, overridden } = event.data;
      return opportunity({ probability, probabilityOverridden: overridden });
    }
    case 'sales.OpportunityLinesSet': {
      const { lines, amount, recurringAmount } = event.data;
      return opportunity({
        lines: lines.map((line) => ({ ...line })),
        amount,
        ...minor(amount),
        recurringAmount,
      });
    }
    default:
      return undefined;
  }
}

export const salesPipelineProjection = defineProjection({
  name: SALES_PIPELINE_PROJECTION,
  // 2: amountMinor (the board's column totals are summed on the server), the per-stage index.
  // 3: the board placements (ADR 0445).
  version: 3,
  eventTypes: OPPORTUNITY_EVENT_TYPES,
  readModels: [SALES_OPPORTUNITIES_MODEL, SALES_BOARD_PLACEMENTS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_OPPORTUNITIES_MODEL]: [
      { fields: { tenantId: 1, pipelineId: 1, status: 1, expectedCloseOn: 1 } },
      { fields: { tenantId: 1, pipelineId: 1, status: 1, stageId: 1, expectedCloseOn: 1 } },
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
    ],
  },
  project: projectSalesPipeline,
});
