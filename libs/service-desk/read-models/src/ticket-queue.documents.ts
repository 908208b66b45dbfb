// The agent queue read model in MongoDB: names (projection + logical model, resolved to the serving
// physical collection by @crm/read-models) and document shape. Written by
// services/projections/src/service-desk/ticket-queue.projection.ts, read by ticket-queue.queries.ts.

export const TICKET_QUEUE_PROJECTION = 'service-desk-ticket-queue';
export const TICKET_QUEUE_MODEL = 'service_desk_ticket_queue';

/** Per SLA milestone (firstResponse, nextResponse, resolution): warnings and breaches seen. */
export interface TicketSlaMarks {
  readonly warnedAt?: string;
  readonly dueAt?: string;
  readonly breachedAt?: string;
  /** The last escalation level run for the current breach (1 for the first). */
  readonly escalationLevel?: number;
}

export interface TicketQueueDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly subject: string;
  readonly channel: string;
  readonly status: string;
  readonly priority: string;
  readonly type: string;
  readonly tags: readonly string[];
  readonly openedAt: string;
  readonly lastActivityAt: string;
  readonly customerId?: string;
  readonly slaPolicyId?: string;
  readonly assigneeId?: string;
  readonly teamId?: string;
  readonly resolvedAt?: string;
  readonly lastAgentReplyAt?: string;
  readonly lastCustomerMessageAt?: string;
  readonly sla?: { readonly [milestone: string]: TicketSlaMarks };
  /** The ticket this one was merged into (it is closed). */
  readonly mergedInto?: string;
  /** Why routing found nobody for it (until someone is assigned). */
  readonly routingFailure?: string;
  /** When the automatic reply went out, and with which articles. */
  readonly autoRepliedAt?: string;
  readonly autoReplyArticleIds?: readonly string[];
}
