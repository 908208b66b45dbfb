// Events of the Quote aggregate (stream `sales.Quote-<quoteId>`). Money as decimal strings with two
// digits, like the order events; no personal data (the customer is named by id).
import type { DomainEvent } from '@crm/event-sourcing';
import type { ApprovalReason, ApprovalStep, QuoteApproverRole } from './quote.types';

export interface QuoteLineData {
  readonly sku?: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly discountPercent: number;
  /** quantity × net unit price. */
  readonly netAmount: string;
}

/** What every version of a quote states: its lines, amount, validity and approval need. */
interface QuoteVersionData {
  readonly quoteId: string;
  readonly version: number;
  readonly lines: readonly QuoteLineData[];
  readonly amount: string;
  readonly validUntil: string;
  /** The calendar day through which it is valid where the customer is (ADR 0381; optional). */
  readonly validUntilDate?: string;
  /** The customer's IANA time zone that day is read in. */
  readonly customerTimeZone?: string;
  /** The approvals it needs under the tenant's policy, in order (ADR 0382; absent in older events: one manager's when approvalReasons is not empty). */
  readonly approvalSteps?: readonly ApprovalStep[];
  /** The version of the tenant's approval policy the route came from (0: the default). */
  readonly approvalPolicyVersion?: number;
  /** Empty when the version may be sent without approval. */
  readonly approvalReasons: readonly ApprovalReason[];
}

export type QuoteCreated = DomainEvent<
  'sales.QuoteCreated',
  QuoteVersionData & {
    readonly opportunityId: string;
    readonly customerId: string;
    readonly currency: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly createdAt: string;
  }
>;

export type QuoteRevised = DomainEvent<
  'sales.QuoteRevised',
  QuoteVersionData & { readonly revisedAt: string }
>;

export type QuoteApproved = DomainEvent<
  'sales.QuoteApproved',
  {
    readonly quoteId: string;
    readonly version: number;
    readonly approverId: string;
    /** Which step of the route this approves (1-based; absent in older events: the only one). */
    readonly step?: number;
    readonly approverRole?: QuoteApproverRole;
    /** The next step's approver; null when this was the last one (ADR 0382). */
    readonly nextApproverRole?: QuoteApproverRole | null;
    readonly approvedAt: string;
  }
>;

export type QuoteSent = DomainEvent<
  'sales.QuoteSent',
  { readonly quoteId: string; readonly version: number; readonly sentAt: string }
>;

export type QuoteAccepted = DomainEvent<
  'sales.QuoteAccepted',
  {
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly customerId: string;
    readonly version: number;
    readonly amount: string;
    readonly currency: string;
    readonly acceptedAt: string;
  }
>;

export type QuoteRejected = DomainEvent<
  'sales.QuoteRejected',
  {
    readonly quoteId: string;
    readonly version: number;
    readonly reason: string;
    readonly rejectedAt: string;
  }
>;

export type QuoteExpired = DomainEvent<
  'sales.QuoteExpired',
  { readonly quoteId: string; readonly version: number; readonly expiredAt: string }
>;

export type QuoteExpiryReminderDue = DomainEvent<
  'sales.QuoteExpiryReminderDue',
  {
    readonly quoteId: string;
    readonly version: number;
    readonly daysBefore: number;
    readonly validUntil: string;
    readonly remindedAt: string;
  }
>;

export type QuoteEvent =
  | QuoteCreated
  | QuoteRevised
  | QuoteApproved
  | QuoteSent
  | QuoteAccepted
  | QuoteRejected
  | QuoteExpired
  | QuoteExpiryReminderDue;
