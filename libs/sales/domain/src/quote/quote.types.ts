// Values a quote is made of, and the approval policy that decides which quotes need a manager's
// approval before they are sent (Odoo's and Salesforce's "discount above x %, amount above y").
// Discounts are whole percents; a line's net unit price is rounded to the minor unit once, so the
// quote's amount and the order it becomes are the same exact sum.
import { totalMinor } from '../values/money';

export interface QuoteLine {
  readonly sku?: string;
  readonly name: string;
  readonly category: string;
  /** A positive integer. */
  readonly quantity: number;
  /** List price per unit, non-negative, minor units. */
  readonly unitPriceMinor: number;
  /** Whole percent, 0..100. */
  readonly discountPercent: number;
}

/** Above either limit a quote needs approval by a sales manager (or an admin) before it is sent. */
export interface QuoteApprovalPolicy {
  /** A line discounted by more than this (percent) needs approval. */
  readonly maxDiscountPercent: number;
  /** A quote whose net amount is above this (minor units) needs approval. */
  readonly maxAmountMinor: number;
}

export const DEFAULT_QUOTE_APPROVAL_POLICY: QuoteApprovalPolicy = {
  maxDiscountPercent: 20,
  maxAmountMinor: 10_000_000, // 100,000.00
};

export type ApprovalReason = 'discount' | 'amount';

/** Who approves a step of a quote's approval route (ADR 0382): a manager of its team, or an admin. */
export const QUOTE_APPROVER_ROLES = ['sales_manager', 'admin'] as const;
export type QuoteApproverRole = (typeof QUOTE_APPROVER_ROLES)[number];

/** A level of a tenant's approval policy: above either limit, its approver must approve. */
export interface ApprovalLevel extends QuoteApprovalPolicy {
  readonly approverRole: QuoteApproverRole;
}

/**
 * A tenant's approval policy (ADR 0382): its levels in the order their approvers approve, e.g. a
 * manager above 15 % or 50,000.00, then an admin above 30 % or 250,000.00. Version 0 is the default.
 */
export interface TenantQuoteApprovalPolicy {
  readonly version: number;
  readonly levels: readonly ApprovalLevel[];
}

export const DEFAULT_TENANT_QUOTE_APPROVAL_POLICY: TenantQuoteApprovalPolicy = {
  version: 0,
  levels: [{ approverRole: 'sales_manager', ...DEFAULT_QUOTE_APPROVAL_POLICY }],
};

/** One approval a quote version needs, in order: by whom, and why. */
export interface ApprovalStep {
  readonly approverRole: QuoteApproverRole;
  readonly reasons: readonly ApprovalReason[];
}

/** The approvals these lines need under the tenant's policy, in the order they are given. */
export function approvalRoute(
  lines: readonly QuoteLine[],
  policy: TenantQuoteApprovalPolicy = DEFAULT_TENANT_QUOTE_APPROVAL_POLICY,
): ApprovalStep[] {
  return policy.levels.flatMap((level) => {
    const reasons = approvalReasons(lines, level);
    return reasons.length > 0 ? [{ approverRole: level.approverRole, reasons }] : [];
  });
}

/** Net price of one unit after the line's discount, rounded half up to the minor unit. */
export function netUnitPriceMinor(line: QuoteLine): number {
  return Math.round((line.unitPriceMinor * (100 - line.discountPercent)) / 100);
}

/** The quote's net amount: Σ quantity × net unit price, exact in minor units. */
export function quoteAmountMinor(lines: readonly QuoteLine[]): number {
  return totalMinor(
    lines.map((l) => ({ quantity: l.quantity, unitPriceMinor: netUnitPriceMinor(l) })),
  );
}

/** Why the policy routes these lines to an approver (empty: no approval needed). */
export function approvalReasons(
  lines: readonly QuoteLine[],
  policy: QuoteApprovalPolicy = DEFAULT_QUOTE_APPROVAL_POLICY,
): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (lines.some((l) => l.discountPercent > policy.maxDiscountPercent)) reasons.push('discount');
  if (quoteAmountMinor(lines) > policy.maxAmountMinor) reasons.push('amount');
  return reasons;
}

/** Reminders before a sent quote's validUntil (days), as the issue asks: a week and a day. */
export const QUOTE_REMINDER_DAYS = [7, 1] as const;

/**
 * A validity given as a calendar day where the customer is (ADR 0381): the quote is valid through
 * `date` in `timeZone` (IANA); its `validUntil` is the end of that day there, computed at the edge.
 */
export interface QuoteValidityDay {
  readonly validUntilDate: string;
  readonly customerTimeZone: string;
}
