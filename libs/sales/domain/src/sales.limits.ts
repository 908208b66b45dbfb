// Every size limit of the sales context, defined once: the service's parsers enforce them and the
// docs quote them, so a limit cannot have two values.
export const SALES_LIMITS = {
  /** Client-chosen ids: lead, opportunity, order, customer, owner, team, sku. */
  id: 200,
  /** Names: a lead's contact and company, an opportunity, an order line. */
  name: 200,
  /** Reasons: disqualification, loss, cancellation, refund, assignment failure. */
  reason: 500,
  /** Lines of one order (the published sales.OrderPlaced v1 allows 500). */
  orderLines: 500,
  /** Quantity of one order line. */
  quantity: 100_000,
  /** Largest unit price or amount, in minor units (10^10 = 100,000,000.00). */
  amountMinor: 10_000_000_000,
  /** Largest order total or opportunity amount, minor units (12 digits before the point). */
  orderTotalMinor: 99_999_999_999_999,
  /** Product category of an order line (the purchase history keeps 64). */
  category: 64,
  /** Lines of one quote. */
  quoteLines: 200,
  /** Longest validity of a quote, days after it is created or revised. */
  quoteValidityDays: 366,
  /** Subject line of an activity. */
  activitySubject: 200,
  /** Longest term of a contract (or of one renewal), days. */
  contractTermDays: 3660,
  /** Most days before its end a contract's renewal falls due. */
  contractRenewalNoticeDays: 365,
} as const;
