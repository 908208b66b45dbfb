// What the ticket queries and the ticket 360's fields read, written once: the SLA clock and the
// conversation from the service (bodies are personal data no read model holds), and the articles
// suggested for a ticket from the knowledge-base read model.
import type * as P from '@crm/contracts/service-desk-grpc';
import type { TicketQueueView } from '@crm/service-desk-read-models';
import { type GatewayContext } from '../graphql/gateway-context';
import { sendToContext } from '../grpc/context-commands';
import { principalOf } from '../customers/customer-access';
import { articleOf, type ArticleMatch } from './knowledge-base.models';
import type { SlaClock, TicketConversation } from './service-desk.models';
import { SERVICE_DESK_ERRORS } from './service-desk.errors';
import type { ServiceDeskClient, ServiceDeskReadModels } from './service-desk.ports';

export async function readSlaClock(
  client: ServiceDeskClient,
  ctx: GatewayContext,
  ticketId: string,
  asOf: string | null | undefined,
): Promise<SlaClock> {
  const message = await sendToContext<P.GetSlaClockResponse__Output>(
    client,
    SERVICE_DESK_ERRORS,
    ctx,
    'GetSlaClock',
    { ticketId, asOf: asOf ?? '' },
    null,
    ticketId,
  );
  return {
    ticketId: message.ticketId,
    asOf: message.asOf,
    status: message.status,
    milestones: message.milestones.map((m) => ({
      milestone: m.milestone,
      state: m.state,
      policyId: m.policyId,
      targetMs: Number(m.targetMs),
      usedMs: Number(m.usedMs),
      dueAt: m.dueAt || null,
      breachedAt: m.breachedAt || null,
      metAt: m.metAt || null,
      timeline: m.timeline.map((i) => ({
        from: i.from,
        to: i.to,
        running: i.running,
        status: i.status,
        policyId: i.policyId,
        businessMs: Number(i.businessMs),
      })),
    })),
  };
}

export async function readConversation(
  client: ServiceDeskClient,
  ctx: GatewayContext,
  ticketId: string,
): Promise<TicketConversation> {
  const response = await sendToContext<P.GetTicketConversationResponse__Output>(
    client,
    SERVICE_DESK_ERRORS,
    ctx,
    'GetTicketConversation',
    { ticketId },
    null,
    ticketId,
  );
  return {
    ticketId: response.ticketId,
    status: response.status,
    entries: response.entries.map((e) => ({ ...e, authorId: e.authorId || null })),
  };
}

/** Published articles ranked on the ticket's subject and tags. */
export async function suggestArticles(
  readModels: ServiceDeskReadModels,
  ctx: GatewayContext,
  ticket: Pick<TicketQueueView, 'subject' | 'tags'>,
  options: { locale?: string | null; limit?: number | null },
): Promise<ArticleMatch[]> {
  const matches = await readModels.searchArticles(principalOf(ctx).tenantId, {
    query: [ticket.subject, ...ticket.tags].join(' '),
    ...(options.locale && { locale: options.locale }),
    ...(options.limit && { limit: options.limit }),
  });
  return matches.map((m) => ({ article: articleOf(m.article), score: m.score }));
}
