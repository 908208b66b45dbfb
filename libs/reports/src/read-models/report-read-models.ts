// Read models the reports context owns (built by services/projections/src/reports from other
// contexts' events) for figures no context's own read model holds: time in each stage of the
// pipeline, what happened to each campaign message after it was sent (bounced, unsubscribed),
// every forecast submission and quota setting (as of an instant), and each ticket's dated facts.
// Kept in a file of their own, without the report engine, so the projection worker imports only
// these names and shapes.

/** Time in stage: one document per opportunity, its visits to each stage (docs/reports.md). */
export const REPORT_OPPORTUNITY_STAGES_PROJECTION = 'reports-opportunity-stages';
export const REPORT_OPPORTUNITY_STAGES_MODEL = 'report_opportunity_stages';

export interface StageVisitsDocument {
  /** The stage id as sent (the map key is encoded for MongoDB). */
  readonly stageId: string;
  /** Times the opportunity entered the stage (opened in it, moved or reopened into it). */
  readonly entered?: number;
  /** Visits ended by a move to another stage. */
  readonly movedOut?: number;
  /** Milliseconds of the visits ended by a move (the event's `msInPreviousStage`). */
  readonly movedOutMs?: number;
  /** Visits ended by a win or a loss (their time is closedAt − currentEnteredAt, at query time). */
  readonly won?: number;
  readonly lost?: number;
}

/** One stage event of an opportunity, kept so reports can replay its visits as of an instant. */
export interface StageMoveDocument {
  readonly kind: 'opened' | 'moved' | 'won' | 'lost' | 'reopened';
  /** When it happened (the event's own instant: openedAt, changedAt, wonAt, lostAt, reopenedAt). */
  readonly at: string;
  /** The stage entered (opened, moved, reopened) or closed from (won, lost). */
  readonly stageId: string;
  /** A move: the stage left and the time spent in it (`msInPreviousStage`). */
  readonly fromStageId?: string;
  readonly ms?: number;
  /** A win: the amount won (decimal string) and its currency. */
  readonly amount?: string;
  readonly currency?: string;
}

export interface OpportunityStagesDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly pipelineId: string;
  readonly openedAt: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly currentStageId: string;
  /** When the opportunity entered its current stage (opened, moved or reopened). */
  readonly currentEnteredAt: string;
  readonly closedAt?: string;
  /** Encoded stage id → visits. */
  readonly stages?: Readonly<Record<string, StageVisitsDocument>>;
  /** Stream version → the stage event at it (version 2 on): time in stage as of an instant. */
  readonly moves?: Readonly<Record<string, StageMoveDocument>>;
  /** Version 3: the amount at the opening and at each change of lines, dated (open pipeline asOf). */
  readonly amounts?: Readonly<Record<string, DatedAmount>>;
  /** Version 3: the close date expected at the opening (no event moves it). */
  readonly expectedCloseOn?: string;
  readonly version: number;
}

/** An opportunity's amount (decimal string) and currency from an instant on. */
export interface DatedAmount {
  readonly at: string;
  readonly amount: string;
  readonly currency: string;
}

/**
 * Campaign deliveries: one document per campaign and recipient, from the message sent (or the
 * recipient skipped) on.
 */
export const REPORT_CAMPAIGN_MESSAGES_PROJECTION = 'reports-campaign-messages';
export const REPORT_CAMPAIGN_MESSAGES_MODEL = 'report_campaign_messages';

export const campaignMessageId = (tenantId: string, campaignId: string, customerId: string) =>
  `${tenantId}|${campaignId}|${customerId}`;

export interface CampaignMessageDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly campaignId: string;
  readonly customerId: string;
  /** Absent while only a later fact (an unsubscribe) has arrived: not a sent message (yet). */
  readonly sentAt?: string;
  readonly bouncedAt?: string;
  /** `hard` or `soft` as the bounce event says; absent for an unspecified bounce. */
  readonly bounceKind?: string;
  /** The customer unsubscribed through this campaign's link. */
  readonly unsubscribedAt?: string;
  /** Version 2: the recipient was skipped instead (no message), when and why (a SkipReason). */
  readonly skippedAt?: string;
  readonly skipReason?: string;
  readonly version: number;
}

/** Forecast submissions: one document per forecast (owner and period), every submission dated. */
export const REPORT_FORECAST_SUBMISSIONS_PROJECTION = 'reports-forecast-submissions';
export const REPORT_FORECAST_SUBMISSIONS_MODEL = 'report_forecast_submissions';

export interface ForecastSubmissionsDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly period: string;
  readonly currency: string;
  /** The latest submission (amount as a decimal string) and when it was made. */
  readonly submitted: string;
  readonly submittedAt: string;
  /** The first submission's instant: the forecast exists from then on (asOf). */
  readonly firstSubmittedAt: string;
  /** Stream version → each submission. */
  readonly submissions?: Readonly<Record<string, { readonly at: string; readonly amount: string }>>;
  /** Stream version → each manager's adjustment (projection version 2 on). */
  readonly adjustments?: Readonly<Record<string, { readonly at: string; readonly amount: string }>>;
  readonly version: number;
}

/** Quota settings: one document per quota (tenant, period, owner), every setting dated. */
export const REPORT_QUOTAS_PROJECTION = 'reports-quotas';
export const REPORT_QUOTAS_MODEL = 'report_quotas';

export interface QuotaSettingsDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly period: string;
  readonly currency: string;
  /** The quota in force (amount as a decimal string) and when it was set. */
  readonly amount: string;
  readonly setAt: string;
  /** The first setting's instant: the quota exists from then on (asOf). */
  readonly firstSetAt: string;
  /** Stream version → each setting. */
  readonly settings?: Readonly<Record<string, { readonly at: string; readonly amount: string }>>;
  readonly version: number;
}

/**
 * Ticket history: one document per ticket with the facts reports date (status, priority,
 * assignment, resolution, agent replies) under their stream version, because the desk's queue
 * keeps only the current values and the last reply.
 */
export const REPORT_TICKET_HISTORY_PROJECTION = 'reports-ticket-history';
export const REPORT_TICKET_HISTORY_MODEL = 'report_ticket_history';

/** One dated fact of a ticket. */
export type TicketFact =
  | { readonly kind: 'opened'; readonly at: string; readonly priority: string }
  | { readonly kind: 'status'; readonly at: string; readonly status: string }
  | { readonly kind: 'resolved'; readonly at: string }
  | { readonly kind: 'reopened'; readonly at: string }
  | { readonly kind: 'priority'; readonly at: string; readonly priority: string }
  | {
      readonly kind: 'assigned';
      readonly at: string;
      readonly assigneeId: string;
      readonly teamId?: string;
    }
  | { readonly kind: 'replied'; readonly at: string; readonly agentId: string };

export interface TicketHistoryDocument {
  /** The ticket id (as in the desk's queue read model). */
  readonly _id: string;
  readonly tenantId: string;
  /** Stream version → the fact at it. */
  readonly facts?: Readonly<Record<string, TicketFact>>;
  readonly version: number;
}

/** Lead history: one document per lead with its status and assignment facts, dated (asOf). */
export const REPORT_LEAD_HISTORY_PROJECTION = 'reports-lead-history';
export const REPORT_LEAD_HISTORY_MODEL = 'report_lead_history';

export type LeadFact =
  | {
      readonly kind: 'status';
      readonly at: string;
      /** qualified, disqualified, converted, erased. */
      readonly status: string;
    }
  | {
      /** Captured (status open) with its first owner, or assigned to another. */
      readonly kind: 'captured' | 'assigned';
      readonly at: string;
      readonly ownerId: string | null;
      readonly teamId: string | null;
    };

export interface LeadHistoryDocument {
  readonly _id: string;
  readonly tenantId: string;
  /** The owner and team now (the sales record scope reads them). */
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly facts?: Readonly<Record<string, LeadFact>>;
  readonly version: number;
}

/** Churn history: one document per loyalty member with every churn band change, dated (asOf). */
export const REPORT_CHURN_HISTORY_PROJECTION = 'reports-churn-history';
export const REPORT_CHURN_HISTORY_MODEL = 'report_churn_history';

export type ChurnFact = {
  readonly at: string;
  readonly band: 'low' | 'medium' | 'high';
  readonly score: number;
};

export interface ChurnHistoryDocument {
  /** The member id (as in loyalty's member-balance read model). */
  readonly _id: string;
  readonly tenantId: string;
  readonly facts?: Readonly<Record<string, ChurnFact>>;
  readonly version: number;
}

/** Quote history: one document per quote with each version, sending and decision, dated (asOf). */
export const REPORT_QUOTE_HISTORY_PROJECTION = 'reports-quote-history';
export const REPORT_QUOTE_HISTORY_MODEL = 'report_quote_history';

export type QuoteFact =
  | {
      /** A version written (created or revised): a draft again, with its amount and approvals. */
      readonly kind: 'version';
      readonly at: string;
      readonly amount: string;
      readonly approvalReasons: readonly string[];
    }
  | {
      readonly kind: 'status';
      readonly at: string;
      /** sent, accepted, rejected, expired. */
      readonly status: string;
    }
  | {
      /** An approver approved a step of the current version (projection version 2 on). */
      readonly kind: 'approval';
      readonly at: string;
      /** The last step of its route: the version is fully approved from `at` on. */
      readonly final: boolean;
    };

export interface QuoteHistoryDocument {
  readonly _id: string;
  readonly tenantId: string;
  /** Set at the creation and never changed (the sales record scope reads them). */
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly facts?: Readonly<Record<string, QuoteFact>>;
  readonly version: number;
}

/**
 * Article history: one document per article and locale (the knowledge base's id) with each
 * version written, publication, retirement and deflection, dated (asOf).
 */
export const REPORT_ARTICLE_HISTORY_PROJECTION = 'reports-article-history';
export const REPORT_ARTICLE_HISTORY_MODEL = 'report_article_history';

export interface ArticleFact {
  readonly kind: 'written' | 'published' | 'retired' | 'deflected';
  readonly at: string;
}

export interface ArticleHistoryDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly facts?: Readonly<Record<string, ArticleFact>>;
  readonly version: number;
}

/** Customer lifecycle history: one document per customer with its status and owner facts, dated. */
export const REPORT_CUSTOMER_LIFECYCLE_PROJECTION = 'reports-customer-lifecycle';
export const REPORT_CUSTOMER_LIFECYCLE_MODEL = 'report_customer_lifecycle';

export type CustomerLifecycleFact =
  | {
      readonly kind: 'status';
      readonly at: string;
      /** prospect, active, inactive, merged (into another), erased. */
      readonly status: string;
    }
  | {
      readonly kind: 'owner';
      readonly at: string;
      readonly ownerUserId: string | null;
      readonly teamId: string | null;
    };

export interface CustomerLifecycleDocument {
  readonly _id: string;
  readonly tenantId: string;
  /** The status, owner and team now: the customer record scope reads them. */
  readonly status: string;
  readonly ownerUserId?: string | null;
  readonly teamId?: string | null;
  readonly facts?: Readonly<Record<string, CustomerLifecycleFact>>;
  readonly version: number;
}
