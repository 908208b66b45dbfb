// Commands of the Quote aggregate, already parsed. Amounts in minor units, instants ISO-8601 UTC.
import type { SalesOwnership } from '../lead/lead.types';
import type {
  QuoteApproverRole,
  QuoteLine,
  QuoteValidityDay,
  TenantQuoteApprovalPolicy,
} from './quote.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type CreateQuote = Command<
  'CreateQuote',
  SalesOwnership & {
    readonly quoteId: string;
    /** Customer, currency, owner and team are the opportunity's (the application copies them). */
    readonly opportunityId: string;
    readonly customerId: string;
    readonly currency: string;
    readonly lines: readonly QuoteLine[];
    readonly validUntil: string;
    /** The day and zone `validUntil` ends (absent: `validUntil` was given as an instant). */
    readonly validityDay?: QuoteValidityDay;
    /** The tenant's approval policy in force (the application loads it; absent: the default). */
    readonly approvalPolicy?: TenantQuoteApprovalPolicy;
    readonly now: string;
  }
>;

/** A new version: new lines or validity; any approval of the previous version no longer counts. */
export type ReviseQuote = Command<
  'ReviseQuote',
  {
    readonly quoteId: string;
    readonly lines: readonly QuoteLine[];
    readonly validUntil: string;
    /** The day and zone `validUntil` ends (absent: `validUntil` was given as an instant). */
    readonly validityDay?: QuoteValidityDay;
    /** The tenant's approval policy in force (the application loads it; absent: the default). */
    readonly approvalPolicy?: TenantQuoteApprovalPolicy;
    readonly now: string;
  }
>;

/** Approves the version the approver saw; the role check (approver role) is the service's. */
export type ApproveQuote = Command<
  'ApproveQuote',
  {
    readonly quoteId: string;
    readonly version: number;
    readonly approverId: string;
    /** The approver roles the approver holds (the service takes them from the verified caller). */
    readonly approverRoles: readonly QuoteApproverRole[];
    readonly now: string;
  }
>;

export type SendQuote = Command<'SendQuote', { readonly quoteId: string; readonly now: string }>;

/** The customer accepted the version they were sent. */
export type AcceptQuote = Command<
  'AcceptQuote',
  { readonly quoteId: string; readonly version: number; readonly now: string }
>;

/** The customer declined. */
export type RejectQuote = Command<
  'RejectQuote',
  { readonly quoteId: string; readonly reason: string; readonly now: string }
>;

/** Fired by the expiry timer at validUntil; a no-op when the quote is decided or was extended. */
export type ExpireQuote = Command<
  'ExpireQuote',
  { readonly quoteId: string; readonly now: string }
>;

/** Fired by a reminder timer `daysBefore` days before validUntil. */
export type RemindQuoteExpiry = Command<
  'RemindQuoteExpiry',
  { readonly quoteId: string; readonly daysBefore: number; readonly now: string }
>;

export type QuoteCommand =
  | CreateQuote
  | ReviseQuote
  | ApproveQuote
  | SendQuote
  | AcceptQuote
  | RejectQuote
  | ExpireQuote
  | RemindQuoteExpiry;
