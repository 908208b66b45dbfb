// Scores a lead when it is captured and whenever it engages (reactor `sales.lead-scorer` on the
// service's own events): ScoreLead under that identity, with the reaction's idempotency key, so a
// redelivered event scores once. A lead erased in between is skipped, not parked.
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import { RecordNotFoundError } from '@crm/sales-domain';
import type { SalesApplication } from '../application/sales.application';

export const LEAD_SCORER = 'sales.lead-scorer';

export function leadScorer(app: SalesApplication): ReactorDefinition {
  return {
    name: LEAD_SCORER,
    eventTypes: ['sales.LeadCaptured', 'sales.LeadEngagementRecorded'],
    async react(event, reaction) {
      const { leadId } = event.data as { leadId: string };
      try {
        await app.scoreLead(
          {
            caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
            tenantId: reaction.tenantId,
            correlationId: reaction.correlationId,
            idempotencyKey: reaction.idempotencyKey,
          },
          leadId,
        );
      } catch (error) {
        if (!(error instanceof RecordNotFoundError)) throw error;
      }
    },
  };
}
