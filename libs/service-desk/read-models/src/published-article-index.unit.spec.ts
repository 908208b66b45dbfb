import { PublishedArticleIndex } from './published-article-index';

const published = (
  tenantId: string,
  articleId: string,
  title: string,
  extra: {
    body?: string;
    visibility?: 'internal' | 'public';
    version?: number;
    locale?: string;
  } = {},
) => ({
  type: 'service-desk.ArticlePublished',
  tenantId,
  data: {
    articleId,
    locale: extra.locale ?? 'en',
    at: '2026-01-01T00:00:00Z',
    version: extra.version ?? 1,
    title,
    body: extra.body ?? '',
    tags: [],
    visibility: extra.visibility ?? 'public',
  },
});

const ids = (index: PublishedArticleIndex, tenant: string, query: string, publicOnly = false) =>
  index
    .suggest(tenant, query, { locale: 'en', publicOnly, limit: 5 })
    .map((s) => s.article.articleId);

describe('PublishedArticleIndex', () => {
  it('ranks the published articles of the tenant and locale, best first', () => {
    const index = new PublishedArticleIndex();
    index.apply(published('t1', 'reset', 'Reset your password', { body: 'password reset link' }));
    index.apply(published('t1', 'invoice', 'Download an invoice', { body: 'billing password' }));
    index.apply(published('t2', 'other', 'Password policy'));
    index.apply(published('t1', 'fr', 'Mot de passe password', { locale: 'fr' }));
    expect(ids(index, 't1', 'forgot my password')).toEqual(['reset', 'invoice']);
    expect(ids(index, 't2', 'password')).toEqual(['other']);
    expect(ids(index, 't3', 'password')).toEqual([]);
  });

  it('drops a retired article and replaces a republished one', () => {
    const index = new PublishedArticleIndex();
    index.apply(published('t1', 'a', 'Printer jams'));
    index.apply(published('t1', 'a', 'Scanner setup', { version: 2 }));
    expect(ids(index, 't1', 'printer')).toEqual([]);
    expect(
      index.suggest('t1', 'scanner', { locale: 'en', publicOnly: false, limit: 1 })[0]?.article
        .version,
    ).toBe(2);
    index.apply({
      type: 'service-desk.ArticleRetired',
      tenantId: 't1',
      data: { articleId: 'a', locale: 'en', version: 2, reason: 'old', at: '2026-01-02T00:00:00Z' },
    });
    expect(ids(index, 't1', 'scanner')).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('leaves internal articles out of what may be sent to a customer', () => {
    const index = new PublishedArticleIndex();
    index.apply(published('t1', 'internal', 'Refund override', { visibility: 'internal' }));
    index.apply(published('t1', 'public', 'Refund policy'));
    expect(ids(index, 't1', 'refund')).toHaveLength(2);
    expect(ids(index, 't1', 'refund', true)).toEqual(['public']);
  });
});
