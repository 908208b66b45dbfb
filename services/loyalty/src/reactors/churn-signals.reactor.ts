// Churn signals from the other contexts (ADR 0226), through their public events: complaints opened
// and closed and satisfaction answers from the service desk, unsubscribes from marketing. Each
// becomes RecordChurnSignal on the member (the customer), which records it and reassesses the
// churn band at once. Only a customer who is a member matters: anyone else is skipped.
//
// Later ticket events (resolved, closed, reopened, customer linked) do not repeat the customer or
// the ticket type, so the reactor reads the ticket's opening event from the log: a public event
// of the same ticket stream, the one fact the service desk published about who complained.
import type { EventEnvelope, EventStore } from '@crm/event-sourcing';
import { MemberNotEnrolledError, type ChurnSignal } from '@crm/loyalty-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { LoyaltyApplication } from '../application/loyalty.application';
import { reactionMeta } from './points.reactor';

export const CHURN_SIGNALS_REACTOR = 'loyalty.churn-signals';

interface Signal {
  readonly memberId: string;
  readonly signal: ChurnSignal;
  readonly sourceId: string;
  readonly csatScore?: number;
}

interface TicketOpening {
  readonly customerId?: string;
  readonly type?: string;
}

/** The ticket's opening facts (customer, type), read from its first event. */
async function opening(store: EventStore, event: EventEnvelope): Promise<TicketOpening> {
  const first = await store.readStream(event.streamId, {
    direction: 'forwards',
    fromVersion: 1,
    maxCount: 1,
    tenantId: event.tenantId,
  });
  const opened = first.events[0];
  return opened?.type === 'service-desk.TicketOpened' ? (opened.data as TicketOpening) : {};
}

async function signalOf(store: EventStore, event: EventEnvelope): Promise<Signal | undefined> {
  // Every service-desk ticket event names its ticket (the contracts require it).
  const ticketId = (event.data as { ticketId?: string }).ticketId;
  switch (event.type) {
    case 'marketing.CustomerUnsubscribed': {
      const d = event.data as { customerId: string; campaignId?: string };
      return {
        memberId: d.customerId,
        signal: 'email_unsubscribed',
        sourceId: d.campaignId ?? event.eventId,
      };
    }
    case 'service-desk.CsatAnswered': {
      // The survey's data subject is the ticket's customer when the ticket had one.
      const d = event.data as { dataSubjectId: string; score: number };
      if (!ticketId) return undefined;
      return {
        memberId: d.dataSubjectId,
        signal: 'csat_answered',
        sourceId: ticketId,
        csatScore: d.score,
      };
    }
    case 'service-desk.TicketOpened': {
      const d = event.data as TicketOpening;
      if (!ticketId || d.type !== 'complaint' || !d.customerId) return undefined;
      return { memberId: d.customerId, signal: 'complaint_opened', sourceId: ticketId };
    }
    case 'service-desk.CustomerLinked':
    case 'service-desk.TicketReopened':
    case 'service-desk.TicketResolved':
    case 'service-desk.TicketClosed': {
      if (!ticketId) return undefined;
      const opened = await opening(store, event);
      const customerId =
        event.type === 'service-desk.CustomerLinked'
          ? (event.data as { customerId: string }).customerId
          : opened.customerId;
      if (opened.type !== 'complaint' || !customerId) return undefined;
      const closes =
        event.type === 'service-desk.TicketResolved' || event.type === 'service-desk.TicketClosed';
      return {
        memberId: customerId,
        signal: closes ? 'complaint_closed' : 'complaint_opened',
        sourceId: ticketId,
      };
    }
    default:
      return undefined;
  }
}

export function churnSignalsReactor(
  app: Pick<LoyaltyApplication, 'member'>,
  store: EventStore,
): ReactorDefinition {
  return {
    name: CHURN_SIGNALS_REACTOR,
    eventTypes: [
      'service-desk.TicketOpened',
      'service-desk.CustomerLinked',
      'service-desk.TicketReopened',
      'service-desk.TicketResolved',
      'service-desk.TicketClosed',
      'service-desk.CsatAnswered',
      'marketing.CustomerUnsubscribed',
    ],
    async react(event, reaction) {
      const signal = await signalOf(store, event);
      if (!signal) return;
      const { memberId, ...data } = signal;
      try {
        await app.member(reactionMeta(reaction), memberId, { type: 'RecordChurnSignal', data });
      } catch (error) {
        // Not a member (or another tenant's customer): nothing for loyalty to do.
        if (!(error instanceof MemberNotEnrolledError)) throw error;
      }
    },
  };
}
