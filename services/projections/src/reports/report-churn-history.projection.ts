// Churn history for reports (docs/reports.md, churn bands as of an instant): one document per
// loyalty member with every churn band change (loyalty's ChurnRiskRaised and ChurnRiskEased, the
// only facts that move the band and score the member read model shows) under its stream version.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_CHURN_HISTORY_MODEL,
  REPORT_CHURN_HISTORY_PROJECTION,
  type ChurnFact,
} from '@crm/reports/read-models';
import { recordDatedFact } from './dated-fact';

const CHURN_EVENT_TYPES = ['loyalty.ChurnRiskRaised', 'loyalty.ChurnRiskEased'];

interface ChurnMoved {
  readonly memberId: string;
  readonly band: ChurnFact['band'];
  readonly score: number;
  readonly assessedAt: string;
}

export function projectChurnHistory(envelope: EventEnvelope): ReadModelChange | undefined {
  if (!CHURN_EVENT_TYPES.includes(envelope.type)) return undefined;
  const d = envelope.data as ChurnMoved;
  const fact: ChurnFact = { at: d.assessedAt, band: d.band, score: d.score };
  return recordDatedFact(REPORT_CHURN_HISTORY_MODEL, d.memberId, envelope, fact);
}

export const reportChurnHistoryProjection = defineProjection({
  name: REPORT_CHURN_HISTORY_PROJECTION,
  version: 1,
  eventTypes: CHURN_EVENT_TYPES,
  readModels: [REPORT_CHURN_HISTORY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectChurnHistory,
});
