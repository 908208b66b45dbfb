// The knowledge-base write side: articles are decided and appended like tickets (run-command.ts).
// A deflection that names a ticket is recorded only when that ticket lies in the caller's scope,
// so an agent cannot learn of, or count against, tickets they may not see.
import {
  ArticleNotFoundError,
  articleDecider,
  articleStreamId,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
} from '@crm/service-desk-domain';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { decidingOnce, runCommand, type CommandOutcome, type RequestMeta } from './run-command';
import type { ServiceDeskApplication } from './service-desk.application';

export interface ArticleRequest {
  readonly rpc: string;
  readonly fields: object;
  readonly articleId: string;
  readonly createdId?: string;
  readonly build: (at: string) => ArticleCommand;
}

export class KnowledgeBaseApplication {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly tickets: ServiceDeskApplication,
    private readonly maxRetries = 3,
  ) {}

  async execute(meta: RequestMeta, request: ArticleRequest): Promise<CommandOutcome> {
    const command = request.build(this.runtime.now().toISOString());
    if (command.type === 'RecordArticleDeflection' && command.data.ticketId !== undefined)
      await this.tickets.ticketAsOf(meta, command.data.ticketId, Number.MAX_SAFE_INTEGER);
    const { articleId } = request;
    return runCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider: decidingOnce<ArticleState, ArticleCommand, ArticleEvent, ArticleRequest>(
        articleDecider,
        command,
      ),
      meta,
      streamId: articleStreamId(articleId),
      aggregateId: articleId,
      request,
      ...(request.createdId !== undefined && { createdId: request.createdId }),
      notFound: () => new ArticleNotFoundError(articleId),
    });
  }
}
