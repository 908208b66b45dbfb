// Takes a closed lead off its rep's load (ADR 0443): reactor `sales.lead-load-release` on the
// service's own lead events. A lead qualified, disqualified, converted or erased is released on
// the team that routed it (ReleaseLead under this identity, the reaction's idempotency key), so the
// capacity-weighted strategy counts only the leads a rep still works. The team decides once per
// lead: a lead qualified and then converted is released on the first. A lead a person moves to
// another rep or team (`sales.LeadAssigned` with strategy `manual`) is released as `reassigned`
// from the rep its team routed it to (ADR 0482): it now weighs on nobody's routed load.
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import type { LeadReleaseReason } from '@crm/sales-domain';
import type { SalesApplication } from '../application/sales.application';

export const LEAD_LOAD_RELEASE = 'sales.lead-load-release';

const REASON_OF: Readonly<Record<string, LeadReleaseReason>> = {
  'sales.LeadQualified': 'qualified',
  'sales.LeadDisqualified': 'disqualified',
  'sales.LeadConverted': 'converted',
  'sales.LeadErased': 'erased',
  'sales.LeadAssigned': 'reassigned',
};

export function leadLoadRelease(app: Pick<SalesApplication, 'releaseLead'>): ReactorDefinition {
  return {
    name: LEAD_LOAD_RELEASE,
    eventTypes: Object.keys(REASON_OF),
    async react(event, reaction) {
      const { leadId, ownerId, strategy } = event.data as {
        leadId: string;
        ownerId?: string;
        strategy?: string;
      };
      const reason = REASON_OF[event.type];
      // A routed assignment is the team's own decision: only a person's moves the lead off its load.
      if (reason === undefined || (reason === 'reassigned' && strategy !== 'manual')) return;
      await app.releaseLead(
        {
          caller: systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]),
          tenantId: reaction.tenantId,
          correlationId: reaction.correlationId,
          causationId: reaction.causationId,
          idempotencyKey: reaction.idempotencyKey,
        },
        leadId,
        reason,
        reason === 'reassigned' ? ownerId : undefined,
      );
    },
  };
}
