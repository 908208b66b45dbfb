// Erases the leads the log links to a customer the customers context erased (ADR 0440): reactor
// `sales.customer-erasure` on customers.PersonalDataErased. A lead converted into the customer, or
// matched to it on its e-mail at capture, holds the same person's contact under the lead's own key,
// which the customer's erasure does not shred; EraseLead shreds it (and with it the lead's notes).
// One EraseLead per lead, each with its own key derived from the reaction's, so a redelivered event
// erases nothing twice.
import { Role, systemCaller } from '@crm/access-policy';
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { SalesApplication } from '../application/sales.application';

export const SALES_CUSTOMER_ERASURE = 'sales.customer-erasure';

interface PersonalDataErased {
  readonly customerId: string;
  /** Every customer of a merge group: one person (the customers contract). */
  readonly erasedCustomerIds?: readonly string[];
}

export function customerErasureReactor(
  app: Pick<SalesApplication, 'eraseLead' | 'now'>,
  salesLog: Pick<EventStore, 'readAll'>,
): ReactorDefinition {
  return {
    name: SALES_CUSTOMER_ERASURE,
    eventTypes: ['customers.PersonalDataErased'],
    async react(event, reaction) {
      const erased = event.data as PersonalDataErased;
      const customerIds = new Set([erased.customerId, ...(erased.erasedCustomerIds ?? [])]);
      const leadIds = await leadsLinkedToCustomers(salesLog, reaction.tenantId, customerIds);
      for (const leadId of leadIds) {
        await app.eraseLead(
          {
            caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
            tenantId: reaction.tenantId,
            correlationId: reaction.correlationId,
            causationId: reaction.causationId,
            idempotencyKey: `${reaction.idempotencyKey}:lead:${leadId}`,
          },
          {
            type: 'EraseLead',
            data: { leadId, reason: `customer ${erased.customerId} erased`, now: app.now() },
          },
        );
      }
    },
  };
}

/**
 * The tenant's leads converted into one of `customerIds`, or matched to one on their e-mail.
 * A match on a phone number alone is not enough: a shared number (a company's switchboard) would
 * erase somebody else's lead, irreversibly. Erasures are rare, so this reads the tenant's
 * conversions and matches from the log rather than keeping an index of them.
 */
export async function leadsLinkedToCustomers(
  salesLog: Pick<EventStore, 'readAll'>,
  tenantId: string,
  customerIds: ReadonlySet<string>,
): Promise<string[]> {
  const leadIds = new Set<string>();
  for await (const event of salesLog.readAll({
    filter: {
      tenantIds: [tenantId],
      eventTypes: ['sales.LeadConverted', 'sales.LeadCustomerMatched'],
    },
  })) {
    const link = event.data as { leadId: string; customerId: string; matchedOn?: string };
    if (!customerIds.has(link.customerId)) continue;
    if (event.type === 'sales.LeadCustomerMatched' && link.matchedOn !== 'email') continue;
    leadIds.add(link.leadId);
  }
  return [...leadIds];
}
