// Public contracts of care reminders (stream `service-desk.CareTask-<taskId>`, topic
// crm.service-desk.events): an agent task to call a customer back, from a purchase (follow-up,
// warranty end) or a detractor's survey answer, completed or dismissed by an agent. No personal
// data (the customer by id only).
import type { EventContract } from '../event-contract';
import { enumOf, id, instant } from '../customers/customers-schema-parts';
import { serviceDeskContractOf } from './service-desk-contract';

const task = serviceDeskContractOf({
  properties: { taskId: id, at: instant },
  example: { taskId: 'care-0190a000', at: '2026-12-21T08:00:00.000Z' },
});

export const CARE_EVENT_CONTRACTS: readonly EventContract[] = [
  task(
    'CareTaskOpened',
    "An agent task to contact a customer: a follow-up days after a purchase, the end of a purchase's warranty, a detractor's CSAT (1-2) or NPS (0-6) answer, or their birthday (09:00 in the desk's time zone).",
    {
      kind: enumOf(['purchase_follow_up', 'warranty_expiry', 'detractor_follow_up', 'birthday']),
      customerId: id,
      dueAt: instant,
      orderId: id,
      ticketId: id,
      score: { type: 'integer', minimum: 0, maximum: 10 },
      agentId: id,
      teamId: id,
    },
    ['kind', 'dueAt'],
    {
      kind: 'purchase_follow_up',
      customerId: '0190a000-0000-7000-8000-000000000002',
      dueAt: '2026-12-21T08:00:00.000Z',
      orderId: 'o-1',
    },
  ),
  task(
    'CareTaskCompleted',
    'An agent did what the care task asked (by: the agent).',
    { by: id },
    ['by'],
    { by: 'agent-7' },
  ),
  task(
    'CareTaskDismissed',
    'An agent dismissed the care task with a reason.',
    {
      by: id,
      reason: enumOf(['not_needed', 'customer_unreachable', 'customer_declined', 'duplicate']),
    },
    ['by', 'reason'],
    { by: 'agent-7', reason: 'customer_unreachable' },
  ),
];
