// Erases the leads the log links to a customer the customers context erased (ADR 0440): reactor
// `sales.customer-erasure` on customers.PersonalDataErased. A lead converted into the customer, or
// matched to it on its e-mail at capture, holds the same person's contact under the lead's own key,
// which the customer's erasure does not shred; EraseLead shreds it (and with it the lead's notes).
// It also follows the links themselves (ADR 0481): a lead converted into, or matched on e-mail to,
// a customer erased before the link was decided (a race with the erasure, or a conversion naming an
// erased customer sent before the service refused them) is erased when its link reaches the log.
// Whichever of the erasure and the link is read second finds the other, so none is missed.
// One EraseLead per lead, each with its own key derived from the reaction's, so a redelivered event
// erases nothing twice (an erased lead's erasure again decides nothing).
import { Role, systemCaller } from '@crm/access-policy';
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { SalesApplication } from '../application/sales.application';
import {
  customerErasedAt,
  erasedCustomerIdsOf,
  type PersonalDataErased,
} from './customer-erasures';

export const SALES_CUSTOMER_ERASURE = 'sales.customer-erasure';

interface LeadCustomerLink {
  readonly leadId: string;
  readonly customerId: string;
  /** A match's: `email` or `phone` (a conversion has none). */
  readonly matchedOn?: string;
}

export function customerErasureReactor(
  app: Pick<SalesApplication, 'eraseLead' | 'now'>,
  salesLog: Pick<EventStore, 'readAll'>,
): ReactorDefinition {
  return {
    name: SALES_CUSTOMER_ERASURE,
    eventTypes: [
      'customers.PersonalDataErased',
      'sales.LeadConverted',
      'sales.LeadCustomerMatched',
    ],
    async react(event, reaction) {
      const erase = (leadId: string, customerId: string) =>
        app.eraseLead(
          {
            caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
            tenantId: reaction.tenantId,
            correlationId: reaction.correlationId,
            causationId: reaction.causationId,
            idempotencyKey: `${reaction.idempotencyKey}:lead:${leadId}`,
          },
          {
            type: 'EraseLead',
            data: { leadId, reason: `customer ${customerId} erased`, now: app.now() },
          },
        );
      if (event.type === 'customers.PersonalDataErased') {
        const erased = event.data as PersonalDataErased;
        const customerIds = erasedCustomerIdsOf(erased);
        const leadIds = await leadsLinkedToCustomers(salesLog, reaction.tenantId, customerIds);
        for (const leadId of leadIds) await erase(leadId, erased.customerId);
        return;
      }
      const link = event.data as LeadCustomerLink;
      if (!erasesTheLead(event.type, link)) return;
      if (await customerErasedAt(salesLog, reaction.tenantId, link.customerId))
        await erase(link.leadId, link.customerId);
    },
  };
}

/** A conversion, or a match on e-mail; a phone number alone may be shared (ADR 0440). */
const erasesTheLead = (type: string, link: LeadCustomerLink): boolean =>
  type === 'sales.LeadConverted' || link.matchedOn === 'email';

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
    const link = event.data as LeadCustomerLink;
    if (customerIds.has(link.customerId) && erasesTheLead(event.type, link))
      leadIds.add(link.leadId);
  }
  return [...leadIds];
}
