import { rankArticles, searchTokens } from './article-ranking';

const article = (title: string, body: string, tags: string[] = []) => ({ title, body, tags });

const returns = article('How to return a parcel', 'Print the return label and drop the parcel.', [
  'returns',
]);
const delivery = article('Delivery times', 'Parcels arrive within three working days.', [
  'delivery',
]);
const invoice = article('Download an invoice', 'Invoices are in your account page.', ['billing']);
const refund = article('Refunds', 'A refund follows once the returned parcel is checked.', [
  'returns',
  'billing',
]);

describe('searchTokens', () => {
  it('folds case and diacritics, drops stop words and trims plurals', () => {
    expect(searchTokens('Où est mon COLIS? Les Retours, été...')).toEqual([
      'coli',
      'retour',
      'ete',
    ]);
    expect(searchTokens('the parcels')).toEqual(['parcel']);
  });
});

describe('rankArticles', () => {
  it('ranks the article whose title matches above those that only mention the words', () => {
    const ranked = rankArticles(
      'I want to return my parcel',
      [delivery, refund, returns, invoice],
      10,
    );
    expect(ranked.map((r) => r.article)).toEqual([returns, refund, delivery]);
    expect(ranked[0]?.score).toBeGreaterThan(ranked[1]?.score ?? Infinity);
  });

  it('uses tags, limits the result and returns nothing without a matching term', () => {
    expect(rankArticles('billing', [delivery, refund, invoice], 1).map((r) => r.article)).toEqual([
      invoice,
    ]);
    expect(rankArticles('the and of', [returns], 5)).toEqual([]);
    expect(rankArticles('warranty', [returns, delivery], 5)).toEqual([]);
  });

  it('weighs rare terms above common ones (inverse document frequency)', () => {
    const ranked = rankArticles('parcel invoice', [returns, delivery, invoice], 3);
    expect(ranked[0]?.article).toBe(invoice);
  });

  it('forgives one typo in a long term and matches the start of a word', () => {
    expect(rankArticles('invoise', [returns, invoice], 5).map((r) => r.article)).toEqual([invoice]);
    expect(rankArticles('deliv', [returns, delivery], 5).map((r) => r.article)).toEqual([delivery]);
    expect(rankArticles('parcl', [invoice], 5)).toEqual([]);
  });
});
