// Events of the Opportunity aggregate (stream `sales.Opportunity-<opportunityId>`). Amounts are
// decimal strings with two digits, like the published order events. No personal data: the
// customer is named by id.
import type { DomainEvent } from '@crm/event-sourcing';
import type { ForecastCategory } from './pipeline';

export type OpportunityOpened = DomainEvent<
  'sales.OpportunityOpened',
  {
    readonly opportunityId: string;
    readonly name: string;
    readonly customerId: string;
    readonly leadId?: string;
    readonly pipelineId: string;
    readonly stageId: string;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly amount: string;
    readonly currency: string;
    readonly expectedCloseOn: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly openedAt: string;
  }
>;

export type OpportunityStageChanged = DomainEvent<
  'sales.OpportunityStageChanged',
  {
    readonly opportunityId: string;
    readonly fromStageId: string;
    readonly stageId: string;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    /** How long the opportunity stayed in `fromStageId` (time in stage). */
    readonly msInPreviousStage: number;
    readonly changedAt: string;
  }
>;

export type OpportunityWon = DomainEvent<
  'sales.OpportunityWon',
  {
    readonly opportunityId: string;
    readonly customerId: string;
    readonly fromStageId: string;
    readonly amount: string;
    readonly currency: string;
    readonly wonAt: string;
  }
>;

export type OpportunityLost = DomainEvent<
  'sales.OpportunityLost',
  {
    readonly opportunityId: string;
    readonly fromStageId: string;
    readonly reason: string;
    readonly lostAt: string;
  }
>;

export type OpportunityReopened = DomainEvent<
  'sales.OpportunityReopened',
  {
    readonly opportunityId: string;
    /** The stage it was in when it was closed. */
    readonly stageId: string;
    readonly probability: number;
    readonly forecastCategory: ForecastCategory;
    readonly reopenedAt: string;
  }
>;

export interface OpportunityLineItem {
  readonly sku?: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  /** List price per unit, decimal string. */
  readonly unitPrice: string;
  readonly discountPercent: number;
  readonly recurring: boolean;
  /** quantity × the net unit price (list less discount, rounded to the cent once). */
  readonly netAmount: string;
}

/** The deal's lines were (re)set: `amount` is their net sum, `recurringAmount` that of the recurring ones. */
export type OpportunityLinesSet = DomainEvent<
  'sales.OpportunityLinesSet',
  {
    readonly opportunityId: string;
    readonly lines: readonly OpportunityLineItem[];
    readonly amount: string;
    readonly recurringAmount: string;
    readonly currency: string;
    readonly setAt: string;
  }
>;

/**
 * The deal's win probability was set by hand (`overridden`), or given back to its stage's default.
 * The next stage change gives it the new stage's default again.
 */
export type OpportunityProbabilityOverridden = DomainEvent<
  'sales.OpportunityProbabilityOverridden',
  {
    readonly opportunityId: string;
    readonly probability: number;
    readonly overridden: boolean;
    readonly overriddenAt: string;
  }
>;

export type OpportunityEvent =
  | OpportunityProbabilityOverridden
  | OpportunityLinesSet
  | OpportunityOpened
  | OpportunityStageChanged
  | OpportunityWon
  | OpportunityLost
  | OpportunityReopened;
