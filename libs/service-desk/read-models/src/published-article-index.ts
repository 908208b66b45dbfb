// The published knowledge base of every tenant as a minisearch index kept in memory and updated
// article by article from `ArticlePublished` / `ArticleRetired` (one index per tenant and locale),
// so a suggestion ranks without re-indexing the whole base per query as `rankArticles` does. The
// service-desk service folds it from its own log at boot for the automatic reply to inbound mail;
// the suggestion benchmark measures it over 10,000 articles. ADR 0290.
import type MiniSearch from 'minisearch';
import { articleSearchIndex, searchTokens, type IndexedArticle } from './article-ranking';

export interface PublishedArticle {
  readonly articleId: string;
  readonly locale: string;
  readonly version: number;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly visibility: 'internal' | 'public';
}

export interface ArticleSuggestion {
  readonly article: PublishedArticle;
  readonly score: number;
}

/** What the index reads of an article event (the published envelope's `type` and `data`). */
export interface ArticleEventLike {
  readonly type: string;
  readonly tenantId: string;
  readonly data: unknown;
}

export class PublishedArticleIndex {
  private readonly indexes = new Map<string, MiniSearch<IndexedArticle<string>>>();
  private readonly articles = new Map<string, PublishedArticle>();

  /** Applies one article event; any other event is ignored. */
  apply(event: ArticleEventLike): void {
    if (event.type === 'service-desk.ArticlePublished') {
      const article = event.data as PublishedArticle;
      this.remove(event.tenantId, article.articleId, article.locale);
      const key = articleKey(event.tenantId, article.articleId, article.locale);
      this.articles.set(key, {
        articleId: article.articleId,
        locale: article.locale,
        version: article.version,
        title: article.title,
        body: article.body,
        tags: [...article.tags],
        visibility: article.visibility,
      });
      this.index(event.tenantId, article.locale).add({
        id: key,
        title: article.title,
        body: article.body,
        tags: article.tags.join(' '),
      });
    } else if (event.type === 'service-desk.ArticleRetired') {
      const { articleId, locale } = event.data as { articleId: string; locale: string };
      this.remove(event.tenantId, articleId, locale);
    }
  }

  /** Published articles of the tenant in the locale matching any term of `query`, best first. */
  suggest(
    tenantId: string,
    query: string,
    options: { readonly locale: string; readonly publicOnly: boolean; readonly limit: number },
  ): ArticleSuggestion[] {
    const index = this.indexes.get(indexKey(tenantId, options.locale));
    if (!index || options.limit <= 0 || searchTokens(query).length === 0) return [];
    const suggestions: ArticleSuggestion[] = [];
    for (const result of index.search(query)) {
      const article = this.articles.get(result.id as string);
      if (!article || (options.publicOnly && article.visibility !== 'public')) continue;
      suggestions.push({ article, score: result.score });
      if (suggestions.length === options.limit) break;
    }
    return suggestions;
  }

  get size(): number {
    return this.articles.size;
  }

  private remove(tenantId: string, articleId: string, locale: string): void {
    const key = articleKey(tenantId, articleId, locale);
    if (!this.articles.delete(key)) return;
    this.indexes.get(indexKey(tenantId, locale))?.discard(key);
  }

  private index(tenantId: string, locale: string): MiniSearch<IndexedArticle<string>> {
    const key = indexKey(tenantId, locale);
    let index = this.indexes.get(key);
    if (!index) {
      index = articleSearchIndex<string>();
      this.indexes.set(key, index);
    }
    return index;
  }
}

const indexKey = (tenantId: string, locale: string) => `${tenantId}\0${locale}`;
const articleKey = (tenantId: string, articleId: string, locale: string) =>
  `${tenantId}\0${locale}\0${articleId}`;
