// State of the Article aggregate, folded from its events: per locale the latest version and
// which version is published (none, or retired).
import type { ArticleEvent } from './article.events';
import type { ArticleContent } from './article.types';

export interface ArticleLocaleState {
  readonly latestVersion: number;
  readonly latest: ArticleContent;
  readonly publication:
    | { readonly status: 'draft' }
    | { readonly status: 'published'; readonly version: number }
    | { readonly status: 'retired'; readonly version: number };
}

export type ArticleState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'existing';
      readonly articleId: string;
      readonly locales: Readonly<Record<string, ArticleLocaleState>>;
    };

export const initialArticleState: ArticleState = { status: 'absent' };

export function evolveArticle(state: ArticleState, event: ArticleEvent): ArticleState {
  const { articleId, locale } = event.data;
  const locales = state.status === 'existing' ? state.locales : {};
  const current = locales[locale];
  const withLocale = (next: ArticleLocaleState): ArticleState => ({
    status: 'existing',
    articleId,
    locales: { ...locales, [locale]: next },
  });
  switch (event.type) {
    case 'service-desk.ArticleVersionWritten': {
      const { title, body, tags, visibility, version } = event.data;
      return withLocale({
        latestVersion: version,
        latest: { title, body, tags, visibility },
        publication: current?.publication ?? { status: 'draft' },
      });
    }
    case 'service-desk.ArticlePublished':
      return current
        ? withLocale({
            ...current,
            publication: { status: 'published', version: event.data.version },
          })
        : state;
    case 'service-desk.ArticleRetired':
      return current
        ? withLocale({
            ...current,
            publication: { status: 'retired', version: event.data.version },
          })
        : state;
    case 'service-desk.ArticleDeflectionRecorded':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
