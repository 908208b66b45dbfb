// Time in stage and funnel velocity (docs/reports.md, ADR 0305): one row per opportunity and stage
// it entered, expanded from the reports context's own read model of stage visits. A visit ended by
// a move carries its time from the event; one ended by a win or a loss lasts from entering the
// stage to the close. The current visit of an open opportunity is not ended: it counts in `stillIn`,
// not in the days. A reopened opportunity's visit before its close has no known time any more.
// Sales record scope (owner and team). As of an instant: the opportunity's stage events up to
// then (kept under their stream versions) are replayed into the visits it had then.
import {
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  type OpportunityStagesDocument,
  type StageVisitsDocument,
} from '../read-models/report-read-models';
import { declareDataset, orNone } from './dataset';

const DAY_MS = 86_400_000;

/** One opportunity's figures in one stage. */
export interface StageRow extends Omit<OpportunityStagesDocument, 'stages'> {
  readonly stageId: string;
  readonly entered: number;
  /** Visits ended with a known duration, and their total milliseconds. */
  readonly endedVisits: number;
  readonly endedMs: number;
  readonly movedOut: number;
  readonly won: number;
  readonly lost: number;
  /** The opportunity is open and in this stage now. */
  readonly stillIn: boolean;
}

/** The rows one stored document stands for, one per stage it entered. */
export function stageRowsOf(doc: OpportunityStagesDocument): StageRow[] {
  const { stages, ...opportunity } = doc;
  return Object.values(stages ?? {}).map((visits) => {
    const current = visits.stageId === doc.currentStageId;
    // A close ends the current visit; its time is known while the opportunity stays closed.
    const closedHere = current && doc.status !== 'open' && doc.closedAt !== undefined;
    const closingMs = closedHere
      ? Math.max(0, Date.parse(doc.closedAt) - Date.parse(doc.currentEnteredAt))
      : 0;
    const movedOut = visits.movedOut ?? 0;
    return {
      ...opportunity,
      stageId: visits.stageId,
      entered: visits.entered ?? 0,
      endedVisits: movedOut + (closedHere ? 1 : 0),
      endedMs: (visits.movedOutMs ?? 0) + closingMs,
      movedOut,
      won: visits.won ?? 0,
      lost: visits.lost ?? 0,
      stillIn: current && doc.status === 'open',
    };
  });
}

type Visits = { -readonly [K in keyof StageVisitsDocument]: StageVisitsDocument[K] };

/**
 * The document as it stood at `asOf`: its stage events up to then folded as the projection folds
 * them (report-opportunity-stages.projection.ts); null when it had none (not opened yet).
 */
export function stagesAsOf(
  doc: OpportunityStagesDocument,
  asOf: Date,
): OpportunityStagesDocument | null {
  const moves = Object.entries(doc.moves ?? {})
    .map(([version, move]) => ({ version: Number(version), move }))
    .filter(({ move }) => Date.parse(move.at) <= asOf.getTime())
    .sort((a, b) => a.version - b.version);
  if (moves.length === 0) return null;
  const stages = new Map<string, Visits>();
  const visits = (stageId: string) => {
    let v = stages.get(stageId);
    if (!v) stages.set(stageId, (v = { stageId }));
    return v;
  };
  let status: OpportunityStagesDocument['status'] = 'open';
  let currentStageId = doc.currentStageId;
  let currentEnteredAt = doc.currentEnteredAt;
  let closedAt: string | undefined;
  const enter = (stageId: string, at: string) => {
    visits(stageId).entered = (visits(stageId).entered ?? 0) + 1;
    currentStageId = stageId;
    currentEnteredAt = at;
  };
  for (const { move } of moves) {
    switch (move.kind) {
      case 'opened':
        enter(move.stageId, move.at);
        break;
      case 'moved': {
        const from = visits(move.fromStageId ?? currentStageId);
        from.movedOut = (from.movedOut ?? 0) + 1;
        from.movedOutMs = (from.movedOutMs ?? 0) + (move.ms ?? 0);
        enter(move.stageId, move.at);
        break;
      }
      case 'won':
      case 'lost':
        status = move.kind;
        closedAt = move.at;
        visits(move.stageId)[move.kind] = (visits(move.stageId)[move.kind] ?? 0) + 1;
        break;
      case 'reopened':
        status = 'open';
        closedAt = undefined;
        enter(move.stageId, move.at);
        break;
      default: {
        const unhandled: never = move.kind;
        return unhandled;
      }
    }
  }
  const { closedAt: _closedNow, ...rest } = doc;
  return {
    ...rest,
    status,
    currentStageId,
    currentEnteredAt,
    ...(closedAt !== undefined ? { closedAt } : {}),
    stages: Object.fromEntries([...stages].map(([id, v]) => [id, v])),
  };
}

/** The win an opportunity stood at `asOf` (amount, currency, instant), or null when not won then. */
export function wonAsOf(
  doc: OpportunityStagesDocument,
  asOf: Date,
): { at: string; amount: string; currency: string } | null {
  if (stagesAsOf(doc, asOf)?.status !== 'won') return null;
  const win = Object.entries(doc.moves ?? {})
    .map(([version, move]) => ({ version: Number(version), move }))
    .filter(({ move }) => move.kind === 'won' && Date.parse(move.at) <= asOf.getTime())
    .sort((a, b) => b.version - a.version)[0]?.move;
  return win ? { at: win.at, amount: win.amount ?? '0', currency: win.currency ?? '' } : null;
}

/** Average days of the row's ended visits, or null when none has ended. */
export function daysInStageOf(row: StageRow): number | null {
  return row.endedVisits > 0 ? row.endedMs / row.endedVisits / DAY_MS : null;
}

const left = (row: StageRow) => row.movedOut + row.won + row.lost > 0;

export const stageDurationsDataset = declareDataset<StageRow>({
  name: 'stageDurations',
  label: 'Time in stage (one row per opportunity and stage)',
  projection: REPORT_OPPORTUNITY_STAGES_PROJECTION,
  model: REPORT_OPPORTUNITY_STAGES_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Opportunity',
  timeField: 'openedAt',
  fields: [
    'ownerId',
    'teamId',
    'pipelineId',
    'status',
    'currentStageId',
    'currentEnteredAt',
    'closedAt',
    'stages',
    'moves',
  ],
  expand: (doc, _now, asOf) => {
    const seen = asOf ? stagesAsOf(doc, asOf) : doc;
    return seen ? stageRowsOf(seen) : [];
  },
  // Rows are expanded from the replayed document already (expand above).
  asOf: { at: (row) => row, undatedDimensions: [], undatedMeasures: [] },
  dimensions: {
    stage: { label: 'Stage', value: (row) => row.stageId },
    pipeline: { label: 'Pipeline', value: (row) => row.pipelineId },
    owner: { label: 'Owner', value: (row) => orNone(row.ownerId) },
    status: { label: 'Opportunity status', value: (row) => row.status },
  },
  measures: {
    opportunities: { kind: 'count', label: 'Opportunities that reached the stage' },
    visits: { kind: 'sum', label: 'Visits (entries into the stage)', value: (row) => row.entered },
    daysInStage: {
      kind: 'average',
      label: 'Average days in stage (visits ended)',
      value: daysInStageOf,
    },
    daysInStageP50: {
      kind: 'percentile',
      p: 50,
      label: 'Median days in stage (visits ended)',
      value: daysInStageOf,
    },
    daysInStageP90: {
      kind: 'percentile',
      p: 90,
      label: '90th percentile days in stage (visits ended)',
      value: daysInStageOf,
    },
    movedOn: {
      kind: 'ratio',
      label: 'Moved on % (left by a move or a win, of those that left)',
      numerator: (row) => row.movedOut + row.won > 0,
      denominator: left,
    },
    lostHere: {
      kind: 'ratio',
      label: 'Lost here % (of those that left)',
      numerator: (row) => row.lost > 0,
      denominator: left,
    },
    stillIn: {
      kind: 'sum',
      label: 'Open and in the stage now',
      value: (row) => (row.stillIn ? 1 : 0),
    },
  },
  record: (row) => ({
    id: row._id,
    stage: row.stageId,
    owner: row.ownerId,
    status: row.status,
    visits: row.entered,
    daysInStage: daysInStageOf(row),
    openedAt: row.openedAt,
  }),
});
