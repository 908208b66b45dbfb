// The knowledge base API: articles and ranked search from the read model, suggestions for a ticket
// within the caller's ticket scope (ranked on its subject, tags, the customer's latest message read
// from the service and an agent's draft reply), and mutations sent to services/service-desk, each declaring the roles
// of its RPC (SERVICE_DESK_RPC_ROLES).
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import {
  ARTICLE_SEARCH_MAX_LIMIT,
  KNOWLEDGE_BASE_PROJECTION,
  TICKET_QUEUE_PROJECTION,
} from '@crm/service-desk-read-models';
import { articleDraftFromTicket } from '@crm/service-desk-domain';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import {
  CUSTOMER_READ_MODELS,
  type CustomerReadModels,
} from '../customers/read/customer-read-models.port';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import {
  Article,
  articleOf,
  ArticleLocaleInput,
  ArticleMatch,
  AutoReplyDeflection,
  RecordArticleDeflectionInput,
  RetireArticleInput,
  WriteArticleFromTicketInput,
  WriteArticleVersionInput,
} from './knowledge-base.models';
import { TicketCommandResult } from './service-desk.models';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from './service-desk.ports';
import { sendServiceDeskCommand } from './service-desk.errors';
import { periodOf } from './sla-dashboard.resolver';
import { draftArg, readConversation, suggestArticles } from './ticket-reads';

const READERS = SERVICE_DESK_RPC_ROLES.GetSlaClock;
const limitArg = (defaultLimit: number) =>
  Args('limit', {
    type: () => Int,
    nullable: true,
    description: `1-${ARTICLE_SEARCH_MAX_LIMIT}, default ${defaultLimit}.`,
  });

@Resolver()
export class KnowledgeBaseResolver {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(CUSTOMER_READ_MODELS) private readonly customers: CustomerReadModels,
  ) {}

  private command(
    ctx: GatewayContext,
    method: keyof typeof SERVICE_DESK_RPC_ROLES,
    input: { idempotencyKey?: string | null; articleId?: string | null },
    request: Record<string, unknown>,
  ): Promise<TicketCommandResult> {
    const articleId = input.articleId ?? '';
    return sendServiceDeskCommand(
      this.client,
      ctx,
      method,
      { articleId, ...request },
      input.idempotencyKey,
      articleId,
    );
  }

  @Query(() => [Article], { description: 'Knowledge-base articles, most recently changed first.' })
  @AllowRoles(...READERS)
  async knowledgeBaseArticles(
    @Args('status', {
      type: () => String,
      nullable: true,
      description: 'draft, published or retired.',
    })
    status: string | null | undefined,
    @Args('locale', { type: () => String, nullable: true }) locale: string | null | undefined,
    @limitArg(50) limit: number | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<Article[]> {
    await this.consistency.atLeast(position, [KNOWLEDGE_BASE_PROJECTION]);
    const views = await this.readModels.articles(principalOf(ctx).tenantId, {
      ...(status && { status }),
      ...(locale && { locale }),
      ...(limit && { limit }),
    });
    return views.map(articleOf);
  }

  @Query(() => Article, { description: 'One article in one locale; NOT_FOUND when absent.' })
  @AllowRoles(...READERS)
  async knowledgeBaseArticle(
    @Args('articleId', { type: () => ID }) articleId: string,
    @Args('locale', { type: () => String }) locale: string,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<Article> {
    await this.consistency.atLeast(position, [KNOWLEDGE_BASE_PROJECTION]);
    const view = await this.readModels.article(principalOf(ctx).tenantId, articleId, locale);
    if (!view) throw new NotFoundError('Article', articleId);
    return articleOf(view);
  }

  @Query(() => [ArticleMatch], {
    description: 'Published articles ranked by relevance to the query (BM25 on title, tags, body).',
  })
  @AllowRoles(...READERS)
  async searchKnowledgeBase(
    @Args('query', { type: () => String }) query: string,
    @Args('locale', { type: () => String, nullable: true }) locale: string | null | undefined,
    @Args('publicOnly', {
      type: () => Boolean,
      nullable: true,
      description: 'Only articles a customer may receive.',
    })
    publicOnly: boolean | null | undefined,
    @limitArg(5) limit: number | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<ArticleMatch[]> {
    await this.consistency.atLeast(position, [KNOWLEDGE_BASE_PROJECTION]);
    const matches = await this.readModels.searchArticles(principalOf(ctx).tenantId, {
      query,
      ...(locale && { locale }),
      ...(publicOnly && { publicOnly }),
      ...(limit && { limit }),
    });
    return matches.map((m) => ({ article: articleOf(m.article), score: m.score }));
  }

  @Query(() => AutoReplyDeflection, {
    description:
      'Automatic replies to inbound mail in the period (default: the last 30 days) and how many of those tickets were resolved without an agent, within your ticket scope.',
  })
  @AllowRoles(...READERS)
  async autoReplyDeflection(
    @Args('from', { type: () => String, nullable: true, description: 'ISO instant, inclusive.' })
    from: string | null | undefined,
    @Args('to', { type: () => String, nullable: true, description: 'ISO instant; default now.' })
    to: string | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<AutoReplyDeflection> {
    const period = periodOf(from, to);
    await this.consistency.atLeast(position, [TICKET_QUEUE_PROJECTION]);
    const principal = principalOf(ctx);
    const result = await this.readModels.autoReplyDeflection(
      principal.tenantId,
      ticketScopeOf(principal),
      period,
    );
    return { from: period.from.toISOString(), to: period.to.toISOString(), ...result };
  }

  @Query(() => [ArticleMatch], {
    description:
      "Articles suggested for a ticket in your scope, ranked on the ticket's subject and tags, the customer's latest message and, while you write a reply, your draft.",
  })
  @AllowRoles(...READERS)
  async suggestedArticles(
    @Args('ticketId', { type: () => ID }) ticketId: string,
    @Args('locale', { type: () => String, nullable: true }) locale: string | null | undefined,
    @limitArg(5) limit: number | null | undefined,
    @draftArg() draft: string | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<ArticleMatch[]> {
    await this.consistency.atLeast(position, [TICKET_QUEUE_PROJECTION, KNOWLEDGE_BASE_PROJECTION]);
    const principal = principalOf(ctx);
    const ticket = await this.readModels.ticket(
      principal.tenantId,
      ticketScopeOf(principal),
      ticketId,
    );
    if (!ticket) throw new NotFoundError('Ticket', ticketId);
    return suggestArticles({ client: this.client, readModels: this.readModels }, ctx, ticket, {
      locale,
      limit,
      draft,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description: 'A new draft version of an article in a locale; aggregateId is the article id.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.WriteArticleVersion)
  writeArticleVersion(
    @Args('input') input: WriteArticleVersionInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'WriteArticleVersion', input, {
      locale: input.locale,
      title: input.title,
      body: input.body,
      tags: input.tags,
      visibility: `ARTICLE_VISIBILITY_${input.visibility}`,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description:
      "An internal draft article from a ticket in your scope: its subject, the customer's question and the public replies, with the customer's names, addresses, phone numbers and ids replaced (never its internal notes); aggregateId is the article id.",
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.WriteArticleVersion)
  async writeArticleFromTicket(
    @Args('input') input: WriteArticleFromTicketInput,
    @Context() ctx: GatewayContext,
  ): Promise<TicketCommandResult> {
    const principal = principalOf(ctx);
    const ticket = await this.readModels.ticket(
      principal.tenantId,
      ticketScopeOf(principal),
      input.ticketId,
    );
    if (!ticket) throw new NotFoundError('Ticket', input.ticketId);
    const [conversation, customer] = await Promise.all([
      readConversation(this.client, ctx, ticket.ticketId),
      // Read outside the caller's customer scope on purpose: only to remove it from the draft.
      ticket.customerId ? this.customers.customer360(principal.tenantId, ticket.customerId) : null,
    ]);
    const draft = articleDraftFromTicket(
      { ...ticket, conversation: conversation.entries },
      {
        names: [
          customer?.displayName,
          customer?.person?.firstName,
          customer?.person?.lastName,
          customer?.company?.legalName,
        ],
        emails: customer?.contacts.map((contact) => contact.email) ?? [],
        ids: [ticket.ticketId, ticket.customerId, ...conversation.entries.map((e) => e.ticketId)],
      },
      input.title ?? undefined,
    );
    if (!draft) {
      throw new BadUserInputError('The ticket has no public reply to make an article of.', [
        { field: 'ticketId', code: 'NO_PUBLIC_REPLY', message: 'has no public reply yet' },
      ]);
    }
    return this.command(ctx, 'WriteArticleVersion', input, {
      locale: input.locale,
      ...draft,
      visibility: 'ARTICLE_VISIBILITY_INTERNAL',
    });
  }

  @Mutation(() => TicketCommandResult, {
    description: 'Publishes the latest version of the locale.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.PublishArticle)
  publishArticle(@Args('input') input: ArticleLocaleInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'PublishArticle', input, { locale: input.locale });
  }

  @Mutation(() => TicketCommandResult, { description: 'No longer searchable or suggested.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.RetireArticle)
  retireArticle(@Args('input') input: RetireArticleInput, @Context() ctx: GatewayContext) {
    return this.command(ctx, 'RetireArticle', input, {
      locale: input.locale,
      reason: input.reason,
    });
  }

  @Mutation(() => TicketCommandResult, {
    description: '"This article solved it" (for a ticket in your scope when named).',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.RecordArticleDeflection)
  recordArticleDeflection(
    @Args('input') input: RecordArticleDeflectionInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'RecordArticleDeflection', input, {
      locale: input.locale,
      ticketId: input.ticketId ?? '',
    });
  }
}
