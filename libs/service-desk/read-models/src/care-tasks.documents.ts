// The care-task read model in MongoDB: one document per care task (birthday, purchase follow-up,
// warranty end, detractor follow-up) with whom it is for, when it is due and what became of it.
// Written by services/projections/src/service-desk/care-tasks.projection.ts, read by
// care-tasks.queries.ts. No personal data: the customer by id only.

export const CARE_TASKS_PROJECTION = 'service-desk-care-tasks';
export const CARE_TASKS_MODEL = 'service_desk_care_tasks';

export interface CareTaskDocument {
  /** `<tenantId>:<taskId>`. */
  readonly _id: string;
  readonly tenantId: string;
  readonly taskId: string;
  readonly kind: string;
  /** open, completed or dismissed. */
  readonly status: string;
  readonly dueAt: string;
  readonly openedAt: string;
  readonly customerId?: string;
  readonly orderId?: string;
  readonly ticketId?: string;
  readonly score?: number;
  /** The agent who should act (named like a ticket's, so the ticket scope filter applies). */
  readonly assigneeId?: string;
  readonly teamId?: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly dismissReason?: string;
}
