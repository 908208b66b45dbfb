// State of a quote: a draft (possibly approved) or sent version, or decided (accepted, rejected,
// expired). `approvedVersion` binds an approval to the version it saw.
import type { ApprovalStep, QuoteLine } from './quote.types';

export interface QuoteFacts {
  readonly quoteId: string;
  readonly opportunityId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly version: number;
  readonly lines: readonly QuoteLine[];
  readonly amountMinor: number;
  readonly validUntil: string;
  readonly needsApproval: boolean;
  /** The current version's approval route, in order, and who approved its steps so far. */
  readonly approvalSteps: readonly ApprovalStep[];
  readonly approverIds: readonly string[];
  /** The version whose every step is approved. */
  readonly approvedVersion: number | null;
}

export type QuoteStatus = 'Draft' | 'Sent' | 'Accepted' | 'Rejected' | 'Expired';

export type QuoteState =
  { readonly status: 'None' } | (QuoteFacts & { readonly status: QuoteStatus });

export const initialQuoteState: QuoteState = { status: 'None' };
