// Delivers the escalation ladder's notifications: every `SlaEscalated` is mailed over SMTP to the
// recipients its level names (the agent holding the ticket, their team lead, named agents),
// resolved to addresses through the staff directory (CRM_SERVICE_DESK_STAFF_FILE). A recipient the
// directory does not know is not dropped: the mail goes to the fallback address instead, so an
// escalation always reaches someone. At least once; the Message-ID derives from the event, so a
// resend after a crash is the same message. ADR 0291.
import { Role, systemCaller } from '@crm/access-policy';
import type { EscalationRecipient, SlaMilestone, TicketPriority } from '@crm/service-desk-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { Transporter } from 'nodemailer';
import type { ServiceDeskApplication } from '../application/service-desk.application';

export const ESCALATION_MAILER = 'service-desk.escalation-mailer';

/** Staff addresses: by agent id, and the lead of each team by team id. */
export interface StaffDirectory {
  readonly agents: Readonly<Record<string, string>>;
  readonly teamLeads: Readonly<Record<string, string>>;
  /** Where a notification goes when the directory has no address for a recipient. */
  readonly fallback: string;
}

export interface EscalationMailSettings {
  readonly supportAddress: string;
  readonly staff: StaffDirectory;
}

interface SlaEscalatedData {
  readonly ticketId: string;
  readonly at: string;
  readonly milestone: SlaMilestone;
  readonly level: number;
  readonly notify: readonly EscalationRecipient[];
  readonly agentId?: string;
  readonly teamId?: string;
  readonly reassignedTo?: { readonly agentId: string; readonly teamId?: string };
  readonly priorityRaisedTo?: TicketPriority;
}

/** The addresses a level's recipients resolve to, each once, in the order named. */
export function escalationAddresses(
  escalated: Pick<SlaEscalatedData, 'notify' | 'agentId' | 'teamId'>,
  staff: StaffDirectory,
): string[] {
  const addresses = escalated.notify.map((recipient) => {
    const address =
      recipient === 'assignee'
        ? escalated.agentId && staff.agents[escalated.agentId]
        : recipient === 'team_lead'
          ? escalated.teamId && staff.teamLeads[escalated.teamId]
          : staff.agents[recipient.slice('agent:'.length)];
    return address || staff.fallback;
  });
  return [...new Set(addresses)];
}

const MILESTONE_NAMES: Record<SlaMilestone, string> = {
  firstResponse: 'first response',
  nextResponse: 'next response',
  resolution: 'resolution',
};

export function escalationMailer(
  app: ServiceDeskApplication,
  transport: Transporter,
  settings: EscalationMailSettings,
): ReactorDefinition {
  const domain = settings.supportAddress.split('@')[1] ?? 'localhost';
  return {
    name: ESCALATION_MAILER,
    eventTypes: ['service-desk.SlaEscalated'],
    async react(event, reaction) {
      const escalated = event.data as SlaEscalatedData;
      const to = escalationAddresses(escalated, settings.staff);
      if (to.length === 0) return;
      const caller = systemCaller(reaction.actor.name, reaction.tenantId, [Role.ADMIN]);
      const ticket = await app.ticketAsOf(
        { caller, tenantId: reaction.tenantId, correlationId: reaction.correlationId },
        escalated.ticketId,
        Date.parse(escalated.at),
      );
      const milestone = MILESTONE_NAMES[escalated.milestone];
      const changes = [
        ...(escalated.reassignedTo ? [`Reassigned to ${escalated.reassignedTo.agentId}.`] : []),
        ...(escalated.priorityRaisedTo
          ? [`Priority raised to ${escalated.priorityRaisedTo}.`]
          : []),
      ];
      await transport.sendMail({
        from: settings.supportAddress,
        to,
        subject: `[SLA escalation, level ${escalated.level}] ${milestone} breached: ${ticket.subject}`,
        text: [
          `The ${milestone} target of ticket ${escalated.ticketId} ("${ticket.subject}", ` +
            `priority ${ticket.priority}) is breached; escalation level ${escalated.level}.`,
          `Held by ${escalated.agentId ?? 'nobody'}${escalated.teamId ? ` (team ${escalated.teamId})` : ''}.`,
          ...changes,
        ].join('\n\n'),
        messageId: `<escalation-${event.eventId}@${domain}>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
  };
}
