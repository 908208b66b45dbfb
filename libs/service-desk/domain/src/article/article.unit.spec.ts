// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { ArticleNotFoundError, ArticleNotPublishedError } from '../errors';
import { articleDecider } from './article.decider';
import type { ArticleEvent } from './article.events';

const spec = deciderSpec(articleDecider);
const articleId = 'kb-returns';
const AT = '2026-12-07T08:00:00.000Z';
const LATER = '2026-12-07T09:00:00.000Z';
const content = {
  title: 'How to return a parcel',
  body: 'Print the label and drop the parcel at a relay point.',
  tags: ['returns'],
  visibility: 'public' as const,
};

const written = (version: number, locale = 'en', at = AT): ArticleEvent => ({
  type: 'service-desk.ArticleVersionWritten',
  data: { articleId, locale, at, version, ...content },
});
const published = (version: number, locale = 'en', at = AT): ArticleEvent => ({
  type: 'service-desk.ArticlePublished',
  data: { articleId, locale, at, version, ...content },
});

describe('article versions and locales', () => {
  it('numbers versions per locale, starting at 1', () => {
    spec
      .given([])
      .when({ type: 'WriteArticleVersion', data: { articleId, locale: 'en', at: AT, ...content } })
      .then([written(1)]);
    spec
      .given([written(1), written(2)])
      .when({ type: 'WriteArticleVersion', data: { articleId, locale: 'en', at: AT, ...content } })
      .then([written(3)]);
    spec
      .given([written(1), written(2)])
      .when({ type: 'WriteArticleVersion', data: { articleId, locale: 'fr', at: AT, ...content } })
      .then([written(1, 'fr')]);
  });
});

describe('publishing and retiring', () => {
  it('publishes the latest version of the locale; publishing it again decides nothing', () => {
    spec
      .given([written(1), written(2)])
      .when({ type: 'PublishArticle', data: { articleId, locale: 'en', at: LATER } })
      .then([published(2, 'en', LATER)]);
    spec
      .given([written(1), published(1)])
      .when({ type: 'PublishArticle', data: { articleId, locale: 'en', at: LATER } })
      .then([]);
  });

  it('refuses a locale the article does not have', () => {
    spec
      .given([written(1)])
      .when({ type: 'PublishArticle', data: { articleId, locale: 'de', at: LATER } })
      .thenThrows(ArticleNotFoundError);
  });

  it('retires the published version once; a draft cannot be retired', () => {
    spec
      .given([written(1), published(1)])
      .when({ type: 'RetireArticle', data: { articleId, locale: 'en', at: LATER, reason: 'old' } })
      .then([
        {
          type: 'service-desk.ArticleRetired',
          data: { articleId, locale: 'en', at: LATER, version: 1, reason: 'old' },
        },
      ]);
    spec
      .given([written(1)])
      .when({ type: 'RetireArticle', data: { articleId, locale: 'en', at: LATER, reason: 'x' } })
      .thenThrows(ArticleNotPublishedError);
  });
});

describe('deflection ("this article solved it")', () => {
  it('is counted on the published version, with the ticket it answered', () => {
    spec
      .given([written(1), published(1), written(2)])
      .when({
        type: 'RecordArticleDeflection',
        data: { articleId, locale: 'en', at: LATER, ticketId: 'T-1' },
      })
      .then([
        {
          type: 'service-desk.ArticleDeflectionRecorded',
          data: { articleId, locale: 'en', at: LATER, version: 1, ticketId: 'T-1' },
        },
      ]);
  });

  it('is refused on an article nobody can read (draft or retired)', () => {
    spec
      .given([written(1)])
      .when({ type: 'RecordArticleDeflection', data: { articleId, locale: 'en', at: LATER } })
      .thenThrows(ArticleNotPublishedError);
    spec
      .given([
        written(1),
        published(1),
        {
          type: 'service-desk.ArticleRetired',
          data: { articleId, locale: 'en', at: AT, version: 1, reason: 'old' },
        },
      ])
      .when({ type: 'RecordArticleDeflection', data: { articleId, locale: 'en', at: LATER } })
      .thenThrows(ArticleNotPublishedError);
  });
});
