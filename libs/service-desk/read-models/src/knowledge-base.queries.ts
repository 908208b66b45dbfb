// The query API of the knowledge base, for the gateway: one article (any status, for staff), the
// list of a tenant's articles, and ranked search over the published ones (article-ranking.ts, minisearch),
// which also answers a ticket's suggestions. Search ranks in process over the tenant's published
// articles of the locale (ADR 0210 says how far that carries).
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import { rankArticles } from './article-ranking';
import {
  KNOWLEDGE_BASE_MODEL,
  KNOWLEDGE_BASE_PROJECTION,
  articleDocumentId,
  type ArticleDocument,
} from './knowledge-base.documents';

export const ARTICLE_SEARCH_MAX_LIMIT = 50;
const ARTICLE_LIST_MAX_LIMIT = 200;
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export type ArticleView = Omit<ArticleDocument, '_id'>;

export interface ArticleMatch {
  readonly article: ArticleView;
  readonly score: number;
}

export interface ArticleSearch {
  readonly query: string;
  readonly locale?: string;
  /** Only public articles (what may be sent to a customer). */
  readonly publicOnly?: boolean;
  readonly limit?: number;
}

export class KnowledgeBaseQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async article(tenantId: string, articleId: string, locale: string): Promise<ArticleView | null> {
    if (!KEY.test(articleId) || !LOCALE.test(locale)) return null;
    const doc = await (
      await this.collection()
    ).findOne(
      { _id: articleDocumentId(String(tenantId), articleId, locale) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    return doc ? toView(doc) : null;
  }

  async articles(
    tenantId: string,
    filter: { status?: string; locale?: string; limit?: number } = {},
  ): Promise<ArticleView[]> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), ARTICLE_LIST_MAX_LIMIT);
    const docs = await (
      await this.collection()
    )
      .find(
        {
          tenantId: String(tenantId),
          ...(filter.status && { status: String(filter.status) }),
          ...(filter.locale && { locale: String(filter.locale) }),
        },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ updatedAt: -1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toView);
  }

  /** Published articles matching the query, best first. */
  async searchArticles(tenantId: string, search: ArticleSearch): Promise<ArticleMatch[]> {
    const limit = Math.min(Math.max(search.limit ?? 5, 1), ARTICLE_SEARCH_MAX_LIMIT);
    if (search.locale !== undefined && !LOCALE.test(search.locale)) return [];
    const docs = await (
      await this.collection()
    )
      .find(
        {
          tenantId: String(tenantId),
          status: 'published',
          ...(search.locale !== undefined && { locale: search.locale }),
          ...(search.publicOnly && { 'published.visibility': 'public' }),
        },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ _id: 1 })
      .toArray();
    const candidates = docs.flatMap((doc) =>
      doc.published ? [{ ...doc.published, view: toView(doc) }] : [],
    );
    return rankArticles(search.query, candidates, limit).map((m) => ({
      article: m.article.view,
      score: m.score,
    }));
  }

  private collection() {
    return this.resolver.collection<ArticleDocument>(
      KNOWLEDGE_BASE_PROJECTION,
      KNOWLEDGE_BASE_MODEL,
    );
  }
}

function toView(doc: ArticleDocument): ArticleView {
  const { _id: _key, ...view } = doc;
  return { ...view, deflections: view.deflections ?? 0, autoReplies: view.autoReplies ?? 0 };
}
