// Every service-desk read the gateway makes, behind one object: the agent queue and the knowledge
// base, satisfaction results and care tasks (each its own query class and collection).
import type { ReadModelResolver } from '@crm/read-models';
import type { TicketScope } from '@crm/access-policy';
import type { Connection } from 'mongoose';
import { CareTaskQueries, type CareTaskFilter } from './care-tasks.queries';
import { KnowledgeBaseQueries, type ArticleSearch } from './knowledge-base.queries';
import { SatisfactionQueries, type CsatGrouping, type CsatPeriod } from './satisfaction.queries';
import {
  TICKET_QUEUE_MAX_LIMIT,
  TicketQueueQueries,
  type TicketQueueFilter,
} from './ticket-queue.queries';

export class ServiceDeskQueries {
  private readonly tickets: TicketQueueQueries;
  private readonly knowledgeBase: KnowledgeBaseQueries;
  private readonly satisfaction: SatisfactionQueries;
  private readonly care: CareTaskQueries;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.tickets = new TicketQueueQueries(connection, resolver);
    this.knowledgeBase = new KnowledgeBaseQueries(connection, resolver);
    this.satisfaction = new SatisfactionQueries(connection, resolver);
    this.care = new CareTaskQueries(connection, resolver);
  }

  queue(tenantId: string, scope: TicketScope, filter?: TicketQueueFilter) {
    return this.tickets.queue(tenantId, scope, filter);
  }

  ticket(tenantId: string, scope: TicketScope, ticketId: string) {
    return this.tickets.ticket(tenantId, scope, ticketId);
  }

  slaDashboard(
    tenantId: string,
    scope: TicketScope,
    options: Parameters<TicketQueueQueries['slaDashboard']>[2],
  ) {
    return this.tickets.slaDashboard(tenantId, scope, options);
  }

  article(tenantId: string, articleId: string, locale: string) {
    return this.knowledgeBase.article(tenantId, articleId, locale);
  }

  articles(tenantId: string, filter?: { status?: string; locale?: string; limit?: number }) {
    return this.knowledgeBase.articles(tenantId, filter);
  }

  searchArticles(tenantId: string, search: ArticleSearch) {
    return this.knowledgeBase.searchArticles(tenantId, search);
  }

  csatResults(tenantId: string, scope: TicketScope, groupBy: CsatGrouping, period?: CsatPeriod) {
    return this.satisfaction.csatResults(tenantId, scope, groupBy, period);
  }

  npsResult(tenantId: string, period?: CsatPeriod) {
    return this.satisfaction.npsResult(tenantId, period);
  }

  /**
   * The customer's latest CSAT answer on a ticket the caller may see (among their latest
   * TICKET_QUEUE_MAX_LIMIT tickets) and latest NPS answer (a tenant figure, like npsResult).
   */
  async lastSatisfactionOf(tenantId: string, scope: TicketScope, customerId: string) {
    const tickets = await this.tickets.queue(tenantId, scope, {
      customerId,
      limit: TICKET_QUEUE_MAX_LIMIT,
    });
    const [csat, nps] = await Promise.all([
      this.satisfaction.lastCsatOf(
        tenantId,
        tickets.map((t) => t.ticketId),
      ),
      this.satisfaction.lastNpsOf(tenantId, customerId),
    ]);
    return { csat, nps };
  }

  autoReplyDeflection(tenantId: string, scope: TicketScope, period: { from: Date; to: Date }) {
    return this.tickets.autoReplyDeflection(tenantId, scope, period);
  }

  careTasks(tenantId: string, scope: TicketScope, filter?: CareTaskFilter) {
    return this.care.careTasks(tenantId, scope, filter);
  }
}
