// Commands of the Article aggregate (stream `service-desk.Article-<articleId>`), already parsed.
// Each locale of an article has its own numbered versions; publishing a locale publishes its
// latest version.
import type { ArticleContent } from './article.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & {
    readonly articleId: string;
    readonly locale: string;
    readonly at: string;
  };
}

/** Writes a new draft version of the article in a locale (the first one creates the article). */
export type WriteArticleVersion = Command<'WriteArticleVersion', ArticleContent>;
export type PublishArticle = Command<'PublishArticle', Record<never, never>>;
export type RetireArticle = Command<'RetireArticle', { readonly reason: string }>;
/** "This article solved it": a question answered without (more) agent work. */
export type RecordArticleDeflection = Command<
  'RecordArticleDeflection',
  { readonly ticketId?: string }
>;

export type ArticleCommand =
  WriteArticleVersion | PublishArticle | RetireArticle | RecordArticleDeflection;
