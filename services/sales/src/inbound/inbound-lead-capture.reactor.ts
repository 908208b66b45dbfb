// Captures the leads kept from the inbound topic (reactor `sales.inbound-lead-capture` on
// sales.InboundLeadReceived, read decrypted from the store): parse, capture, duplicate check and
// routing through the team, each step keyed from the reaction's idempotency key, so a redelivery
// or a replay captures a message once. A malformed message throws: the reactor parks the event
// with the reason (reactors CLI: parked / retry), and the message itself stays in the store.
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import type { InboundLeadReceived } from '@crm/sales-domain';
import type { SalesApplication } from '../application/sales.application';
import { parseInboundLead } from './inbound-lead.parser';

export const INBOUND_LEAD_CAPTURE = 'sales.inbound-lead-capture';

export function inboundLeadCapture(app: SalesApplication): ReactorDefinition {
  return {
    name: INBOUND_LEAD_CAPTURE,
    eventTypes: ['sales.InboundLeadReceived'],
    async react(event, reaction) {
      const { leadId, payload } = event.data as InboundLeadReceived['data'];
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      const request = parseInboundLead(payload, leadId, caller, () => app.now());
      await app.captureInboundLead(
        {
          caller,
          tenantId: reaction.tenantId,
          correlationId: reaction.correlationId,
          idempotencyKey: reaction.idempotencyKey,
        },
        request,
      );
    },
  };
}
