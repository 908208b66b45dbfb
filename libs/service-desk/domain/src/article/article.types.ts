// Value types of a knowledge-base article.

/** Internal articles are for agents; public ones may also be sent to customers. */
export const ARTICLE_VISIBILITIES = ['internal', 'public'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

/** A BCP 47 language tag as articles are localised by (e.g. `en`, `fr`, `pt-BR`). */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** One version of an article in one locale: what agents search and read. */
export interface ArticleContent {
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly visibility: ArticleVisibility;
}
