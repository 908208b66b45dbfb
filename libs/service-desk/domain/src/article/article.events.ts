// Events of the Article aggregate. Type names are persisted and published: never rename one.
// Articles hold no personal data (an "article from ticket" is written without it).
import type { ArticleContent } from './article.types';

interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data & {
    readonly articleId: string;
    readonly locale: string;
    readonly at: string;
  };
}

export type ArticleVersionWritten = Event<
  'service-desk.ArticleVersionWritten',
  ArticleContent & { readonly version: number }
>;
/** Carries the published content, so readers and integrations need no earlier event. */
export type ArticlePublished = Event<
  'service-desk.ArticlePublished',
  ArticleContent & { readonly version: number }
>;
export type ArticleRetired = Event<
  'service-desk.ArticleRetired',
  { readonly version: number; readonly reason: string }
>;
export type ArticleDeflectionRecorded = Event<
  'service-desk.ArticleDeflectionRecorded',
  { readonly version: number; readonly ticketId?: string }
>;

export type ArticleEvent =
  ArticleVersionWritten | ArticlePublished | ArticleRetired | ArticleDeflectionRecorded;
