// The Article decider: versions per locale, publish the latest version, retire, and deflections
// ("this article solved it") counted only on a published article. Publishing what is already
// published, or retiring what is retired, decides nothing (a retried click is harmless).
import type { Decider } from '@crm/event-sourcing';
import { ArticleNotFoundError, ArticleNotPublishedError } from '../errors';
import type { ArticleCommand } from './article.commands';
import type { ArticleEvent } from './article.events';
import {
  evolveArticle,
  initialArticleState,
  type ArticleLocaleState,
  type ArticleState,
} from './article.state';

function requireLocale(state: ArticleState, articleId: string, locale: string): ArticleLocaleState {
  const current = state.status === 'existing' ? state.locales[locale] : undefined;
  if (!current) throw new ArticleNotFoundError(articleId, locale);
  return current;
}

function decide(command: ArticleCommand, state: ArticleState): readonly ArticleEvent[] {
  const { articleId, locale, at } = command.data;
  switch (command.type) {
    case 'WriteArticleVersion': {
      const version =
        (state.status === 'existing' ? (state.locales[locale]?.latestVersion ?? 0) : 0) + 1;
      return [{ type: 'service-desk.ArticleVersionWritten', data: { ...command.data, version } }];
    }
    case 'PublishArticle': {
      const current = requireLocale(state, articleId, locale);
      const { publication, latestVersion } = current;
      if (publication.status === 'published' && publication.version === latestVersion) return [];
      return [
        {
          type: 'service-desk.ArticlePublished',
          data: { articleId, locale, at, version: latestVersion, ...current.latest },
        },
      ];
    }
    case 'RetireArticle': {
      const current = requireLocale(state, articleId, locale);
      if (current.publication.status === 'retired') return [];
      if (current.publication.status === 'draft')
        throw new ArticleNotPublishedError(articleId, locale);
      return [
        {
          type: 'service-desk.ArticleRetired',
          data: {
            articleId,
            locale,
            at,
            version: current.publication.version,
            reason: command.data.reason,
          },
        },
      ];
    }
    case 'RecordArticleDeflection': {
      const current = requireLocale(state, articleId, locale);
      if (current.publication.status !== 'published')
        throw new ArticleNotPublishedError(articleId, locale);
      return [
        {
          type: 'service-desk.ArticleDeflectionRecorded',
          data: {
            articleId,
            locale,
            at,
            version: current.publication.version,
            ...(command.data.ticketId !== undefined && { ticketId: command.data.ticketId }),
          },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const articleDecider: Decider<ArticleState, ArticleCommand, ArticleEvent> = {
  initialState: initialArticleState,
  evolve: evolveArticle,
  decide,
};
