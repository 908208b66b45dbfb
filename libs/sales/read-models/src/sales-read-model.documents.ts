// The sales read models: their projection and collection names and document shapes, shared by the
// projections that write them (services/projections/src/sales) and the queries that read them.
// No personal data: a lead's contact stays in the event store, encrypted under the lead's key.
export const SALES_LEADS_PROJECTION = 'sales-leads';
export const SALES_LEADS_MODEL = 'sales_leads';
export const SALES_PIPELINE_PROJECTION = 'sales-pipeline';
export const SALES_OPPORTUNITIES_MODEL = 'sales_opportunities';
export const SALES_ORDERS_PROJECTION = 'sales-orders';
export const SALES_ORDERS_MODEL = 'sales_orders';
export const SALES_QUOTES_PROJECTION = 'sales-quotes';
export const SALES_QUOTES_MODEL = 'sales_quotes';
export const SALES_ACTIVITIES_PROJECTION = 'sales-activities';
export const SALES_ACTIVITIES_MODEL = 'sales_activities';
export const SALES_FORECASTS_PROJECTION = 'sales-forecasts';
export const SALES_FORECASTS_MODEL = 'sales_forecasts';
export const SALES_CONTRACTS_PROJECTION = 'sales-contracts';
export const SALES_CONTRACTS_MODEL = 'sales_contracts';
export const SALES_QUOTAS_PROJECTION = 'sales-quotas';
export const SALES_QUOTAS_MODEL = 'sales_quotas';
export const SALES_NOTES_PROJECTION = 'sales-notes';
export const SALES_NOTES_MODEL = 'sales_notes';

/** Owner (a rep's user id) and team: the record scope. */
interface Owned {
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly _id: string;
  readonly tenantId: string;
  readonly version: number;
}

export type LeadStatus = 'open' | 'qualified' | 'disqualified' | 'converted' | 'erased';

/** The lead queue: one document per lead. */
export interface LeadDocument extends Owned {
  readonly source: string;
  readonly companyName?: string;
  readonly status: LeadStatus;
  readonly capturedAt: string;
  /** Why automatic assignment last failed, until someone is assigned. */
  readonly assignmentFailure?: string;
  readonly disqualifiedReason?: string;
  readonly customerId?: string;
  readonly opportunityId?: string;
  /** The last score (sales.LeadScored): fit + decayed engagement points, win probability in %. */
  readonly score?: number;
  readonly fitPoints?: number;
  readonly engagementPoints?: number;
  readonly winProbability?: number;
  readonly scoreModelVersion?: number;
  readonly scoredAt?: string;
  /** The earliest live lead with the same e-mail (sales.LeadDuplicateDetected). */
  readonly duplicateOfLeadId?: string;
  /** The customers context's customer holding its e-mail or phone (sales.LeadCustomerMatched). */
  readonly matchedCustomerId?: string;
  readonly matchedOn?: 'email' | 'phone';
  /** The follow-up reminder: when, the rep's note, and whether it fell due (timer). */
  readonly followUpAt?: string;
  readonly followUpNote?: string;
  readonly followUpDue?: boolean;
}

export type OpportunityStatus = 'open' | 'won' | 'lost';

/** The pipeline board: one document per opportunity, grouped by stage when read. */
export interface OpportunityDocument extends Owned {
  readonly name: string;
  readonly customerId: string;
  readonly leadId?: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly probability: number;
  readonly forecastCategory: string;
  readonly amount: string;
  /** `amount` in minor units (absent in documents of the projection's version 1). */
  readonly amountMinor?: number;
  readonly currency: string;
  readonly expectedCloseOn: string;
  readonly status: OpportunityStatus;
  readonly lostReason?: string;
  readonly stageEnteredAt: string;
  readonly openedAt: string;
  readonly closedAt?: string;
  /** Set by sales.OpportunityLinesSet; the amount is then their net sum. */
  readonly lines?: readonly {
    readonly sku?: string;
    readonly name: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitPrice: string;
    readonly discountPercent: number;
    readonly recurring: boolean;
    readonly netAmount: string;
  }[];
  readonly recurringAmount?: string;
  /** The probability was set by hand (OverrideOpportunityProbability) rather than by the stage. */
  readonly probabilityOverridden?: boolean;
}

/** What a reader shows: `status` of the document, refined by the refunds (orderStatusOf). */
export type OrderStatus = OrderDocument['status'] | 'partly_refunded' | 'refunded';

export interface OrderDocument extends Owned {
  readonly customerId: string;
  readonly opportunityId?: string;
  readonly items: readonly {
    readonly sku?: string;
    readonly name?: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitPrice: string;
  }[];
  readonly amount: string;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly channel: string;
  /** Where the order stands: its fulfilment step, or cancelled (refunds: orderStatusOf). */
  readonly status: 'placed' | 'paid' | 'shipped' | 'completed' | 'cancelled';
  readonly placedAt: string;
  readonly paidAt?: string;
  readonly shippedAt?: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly completedAt?: string;
}

export function orderStatusOf(
  order: Pick<OrderDocument, 'status' | 'amountMinor' | 'refundedMinor'>,
): OrderStatus {
  if (order.status === 'cancelled') return 'cancelled';
  if (order.refundedMinor <= 0) return order.status;
  return order.refundedMinor >= order.amountMinor ? 'refunded' : 'partly_refunded';
}

export type QuoteStatus = 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired';

/** Quotes and the approval queue: one document per quote, its current version. */
export interface QuoteDocument extends Owned {
  readonly opportunityId: string;
  readonly customerId: string;
  readonly currency: string;
  /** The quote's version (the document's `version` is the stream position it applied). */
  readonly quoteVersion: number;
  readonly lines: readonly {
    readonly sku?: string;
    readonly name: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitPrice: string;
    readonly discountPercent: number;
    readonly netAmount: string;
  }[];
  readonly amount: string;
  readonly validUntil: string;
  /** The day it is valid through where the customer is, and their zone (ADR 0381), when given so. */
  readonly validUntilDate?: string | null;
  readonly customerTimeZone?: string | null;
  readonly approvalReasons: readonly string[];
  /** The current version's route and progress (ADR 0382; absent on older documents). */
  readonly approvalSteps?: readonly { approverRole: string; reasons: readonly string[] }[];
  readonly approvedSteps?: number;
  readonly nextApproverRole?: string | null;
  readonly approvedVersion: number | null;
  /** A draft whose current version needs approval and has none: the approvers' queue. */
  readonly awaitingApproval: boolean;
  readonly status: QuoteStatus;
  readonly createdAt: string;
  readonly decidedAt?: string;
  readonly rejectedReason?: string;
}

export type ActivityStatus = 'open' | 'completed' | 'cancelled';

/** Activities, the calendar and "my activities": one document per call, meeting or task. */
export interface ActivityDocument extends Owned {
  readonly kind: string;
  readonly subject: string;
  readonly about: { readonly kind: string; readonly id: string };
  readonly dueAt: string;
  readonly remindAt?: string;
  readonly status: ActivityStatus;
  readonly scheduledAt: string;
  readonly lastRemindedAt?: string;
  readonly outcome?: string;
  readonly closedAt?: string;
}

/** An owner's forecast of a period: the latest submission and the latest manager adjustment. */
export interface ForecastDocument extends Owned {
  readonly period: string;
  readonly currency: string;
  readonly submitted: string;
  readonly submittedAt: string;
  readonly submissionCount: number;
  readonly note?: string;
  readonly adjusted?: string;
  readonly adjustmentNote?: string;
  readonly adjustedBy?: string;
  readonly adjustedAt?: string;
}

export type ContractStatus = 'active' | 'expired' | 'terminated';

/** One document per contract: its term, status and the renewal opportunity of the current term. */
export interface ContractDocument extends Owned {
  readonly quoteId: string;
  readonly opportunityId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amount: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly renewalNoticeDays: number;
  readonly status: ContractStatus;
  readonly renewalOpportunityId?: string;
  readonly renewalDueAt?: string;
  readonly renewedAt?: string;
  readonly closedAt?: string;
  readonly terminationReason?: string;
}

/** One document per owner and period: the quota in force. */
export interface QuotaDocument extends Owned {
  readonly period: string;
  readonly ownerId: string;
  readonly currency: string;
  readonly amount: string;
  readonly setBy: string;
  readonly setAt: string;
}

/** An internal note (ADR 0384) about a sales record, in that record's scope; sales team only. */
/** A note's listing; its text is the service's to decrypt (SalesNoteTexts, ADR 0400). */
export interface NoteDocument extends Owned {
  readonly aboutKind: string;
  readonly aboutId: string;
  readonly authorId: string;
  readonly addedAt: string;
  readonly removed: boolean;
}
