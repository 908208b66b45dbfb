// The pipeline, quotas and forecast submissions as they stood at a past instant, folded from the
// tenant's events in log order (opportunities, quotas, forecast submissions): "what did we commit
// on 1 March?" has the exact answer the log gives, whatever happened since. Pure: the service reads
// the events (up to the instant) and filters the result to the caller's scope.
import type { OpportunityEvent } from '../opportunity/opportunity.events';
import type { ForecastEvent } from './forecast-submission.decider';
import type { ForecastOpportunity } from './forecast';
import type { QuotaSet } from './quota.decider';

export const PIPELINE_AS_OF_EVENT_TYPES = [
  'sales.OpportunityOpened',
  'sales.OpportunityStageChanged',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
  'sales.OpportunityReopened',
  'sales.OpportunityLinesSet',
  'sales.OpportunityProbabilityOverridden',
  'sales.QuotaSet',
  'sales.ForecastSubmitted',
  'sales.ForecastAdjusted',
] as const;

export type PipelineAsOfEvent = OpportunityEvent | QuotaSet | ForecastEvent;

export interface OpportunityAsOf extends ForecastOpportunity {
  readonly opportunityId: string;
  readonly name: string;
  readonly customerId: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly openedAt: string;
  readonly stageEnteredAt: string;
}

export interface QuotaAsOf {
  readonly period: string;
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly currency: string;
  readonly amount: string;
}

export interface ForecastSubmissionAsOf {
  readonly period: string;
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly currency: string;
  readonly submitted: string | null;
  readonly adjusted: string | null;
  readonly adjustmentNote: string | null;
}

export interface PipelineAsOf {
  readonly opportunities: OpportunityAsOf[];
  readonly quotas: QuotaAsOf[];
  readonly submissions: ForecastSubmissionAsOf[];
}

/** Bumped whenever the fold or its snapshot's shape changes: older snapshots are then ignored. */
export const PIPELINE_AS_OF_SNAPSHOT_VERSION = 1;

/** The fold's state as plain JSON, keyed as the fold keys it (ADR 0326). */
export interface PipelineAsOfSnapshot {
  readonly opportunities: readonly OpportunityAsOf[];
  readonly quotas: readonly (readonly [string, QuotaAsOf])[];
  readonly submissions: readonly (readonly [string, ForecastSubmissionAsOf])[];
}

/** Folds events (in log order, all at or before the instant) into the pipeline they describe. */
export class PipelineAsOfFold {
  private readonly opportunities = new Map<string, OpportunityAsOf>();
  private readonly quotas = new Map<string, QuotaAsOf>();
  private readonly submissions = new Map<string, ForecastSubmissionAsOf>();

  /** A fold that goes on from a snapshot: applying the events after it equals the full fold. */
  static fromSnapshot(snapshot: PipelineAsOfSnapshot): PipelineAsOfFold {
    const fold = new PipelineAsOfFold();
    for (const o of snapshot.opportunities) fold.opportunities.set(o.opportunityId, o);
    for (const [id, q] of snapshot.quotas) fold.quotas.set(id, q);
    for (const [id, s] of snapshot.submissions) fold.submissions.set(id, s);
    return fold;
  }

  snapshot(): PipelineAsOfSnapshot {
    return {
      opportunities: [...this.opportunities.values()],
      quotas: [...this.quotas],
      submissions: [...this.submissions],
    };
  }

  apply(event: PipelineAsOfEvent): void {
    switch (event.type) {
      case 'sales.OpportunityOpened': {
        const d = event.data;
        this.opportunities.set(d.opportunityId, {
          opportunityId: d.opportunityId,
          name: d.name,
          customerId: d.customerId,
          pipelineId: d.pipelineId,
          stageId: d.stageId,
          probability: d.probability,
          forecastCategory: d.forecastCategory,
          amount: d.amount,
          currency: d.currency,
          expectedCloseOn: d.expectedCloseOn,
          ownerId: d.ownerId,
          teamId: d.teamId,
          status: 'open',
          openedAt: d.openedAt,
          stageEnteredAt: d.openedAt,
        });
        return;
      }
      case 'sales.OpportunityStageChanged':
      case 'sales.OpportunityReopened': {
        const { stageId, probability, forecastCategory } = event.data;
        const stageEnteredAt =
          event.type === 'sales.OpportunityStageChanged'
            ? event.data.changedAt
            : event.data.reopenedAt;
        this.updateOpportunity(event.data.opportunityId, (o) => {
          const { closedAt: _closed, ...open } = o;
          return {
            ...open,
            stageId,
            probability,
            forecastCategory,
            stageEnteredAt,
            status: 'open',
          };
        });
        return;
      }
      case 'sales.OpportunityWon':
        this.updateOpportunity(event.data.opportunityId, (o) => ({
          ...o,
          amount: event.data.amount,
          status: 'won',
          closedAt: event.data.wonAt,
        }));
        return;
      case 'sales.OpportunityLost':
        this.updateOpportunity(event.data.opportunityId, (o) => ({
          ...o,
          status: 'lost',
          closedAt: event.data.lostAt,
        }));
        return;
      case 'sales.OpportunityLinesSet':
        this.updateOpportunity(event.data.opportunityId, (o) => ({
          ...o,
          amount: event.data.amount,
        }));
        return;
      case 'sales.OpportunityProbabilityOverridden':
        this.updateOpportunity(event.data.opportunityId, (o) => ({
          ...o,
          probability: event.data.probability,
        }));
        return;
      case 'sales.QuotaSet': {
        const { period, ownerId, teamId, currency, amount, quotaId } = event.data;
        this.quotas.set(quotaId, { period, ownerId, teamId, currency, amount });
        return;
      }
      case 'sales.ForecastSubmitted': {
        const { forecastId, period, ownerId, teamId, currency, amount } = event.data;
        const previous = this.submissions.get(forecastId);
        this.submissions.set(forecastId, {
          period,
          ownerId,
          teamId,
          currency,
          submitted: amount,
          adjusted: previous?.adjusted ?? null,
          adjustmentNote: previous?.adjustmentNote ?? null,
        });
        return;
      }
      case 'sales.ForecastAdjusted': {
        const previous = this.submissions.get(event.data.forecastId);
        if (previous) {
          this.submissions.set(event.data.forecastId, {
            ...previous,
            adjusted: event.data.amount,
            adjustmentNote: event.data.note,
          });
        }
        return;
      }
      default: {
        const unknown: never = event;
        throw new Error(`Unknown pipeline event ${JSON.stringify(unknown)}`);
      }
    }
  }

  result(): PipelineAsOf {
    return {
      opportunities: [...this.opportunities.values()],
      quotas: [...this.quotas.values()],
      submissions: [...this.submissions.values()],
    };
  }

  private updateOpportunity(id: string, change: (o: OpportunityAsOf) => OpportunityAsOf): void {
    const opportunity = this.opportunities.get(id);
    if (opportunity) this.opportunities.set(id, change(opportunity));
  }
}

/** Won in the period as a share of the quota, in whole percent (null without a quota). */
export function quotaAttainmentPercent(wonMinor: number, quotaMinor: number | null): number | null {
  if (quotaMinor === null || quotaMinor === 0) return null;
  return Math.floor((wonMinor * 100) / quotaMinor);
}
