// What the ticket queries and the ticket 360's fields read, written once: the SLA clock and the
// conversation from the service (bodies are personal data no read model holds), and the articles
// suggested for a ticket from the knowledge-base read model (ranked on texts the service holds).
import type * as P from '@crm/contracts/service-desk-grpc';
import {
  SUGGESTION_DRAFT_MAX_CHARS,
  suggestionQuery,
  type TicketQueueView,
} from '@crm/service-desk-read-models';
import { type GatewayContext } from '../graphql/gateway-context';
import { Args } from '@nestjs/graphql';
import { BadUserInputError } from '../graphql/gateway-errors';
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

/**
 * Published articles ranked on the ticket's subject and tags, its customer's latest message (read
 * from the service for this query only) and, while an agent writes a reply, the draft.
 */
export async function suggestArticles(
  reads: { readonly client: ServiceDeskClient; readonly readModels: ServiceDeskReadModels },
  ctx: GatewayContext,
  ticket: Pick<TicketQueueView, 'ticketId' | 'subject' | 'tags'>,
  options: { locale?: string | null; limit?: number | null; draft?: string | null },
): Promise<ArticleMatch[]> {
  if (options.draft && options.draft.length > SUGGESTION_DRAFT_MAX_CHARS) {
    throw new BadUserInputError('draft is too long.', [
      {
        field: 'draft',
        code: 'TOO_LONG',
        message: `must be at most ${SUGGESTION_DRAFT_MAX_CHARS} characters`,
      },
    ]);
  }
  const conversation = await readConversation(reads.client, ctx, ticket.ticketId);
  const matches = await reads.readModels.searchArticles(principalOf(ctx).tenantId, {
    query: suggestionQuery({ ...ticket, conversation: conversation.entries, draft: options.draft }),
    ...(options.locale && { locale: options.locale }),
    ...(options.limit && { limit: options.limit }),
  });
  return matches.map((m) => ({ article: articleOf(m.article), score: m.score }));
}

/** The `draft` argument of the suggestions: the reply an agent is writing. */
export const draftArg = () =>
  Args('draft', {
    type: () => String,
    nullable: true,
    description: `The reply you are writing (at most ${SUGGESTION_DRAFT_MAX_CHARS} characters): suggestions follow it.`,
  });
