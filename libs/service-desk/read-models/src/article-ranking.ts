// Ranked full-text matching of knowledge-base articles with minisearch (BM25+ per field): title
// boosted 3, tags 2, body 1, on terms folded to lower case without diacritics, English and French
// stop words dropped and a plural "s" trimmed; a query term also matches as a prefix, and long
// terms forgive one typo. Pure and synchronous so its ranking is unit-tested and benchmarked on its
// own. ADR 0212 (replacing the hand-written BM25 of ADR 0210).
import MiniSearch, { type SearchOptions } from 'minisearch';

export interface RankableArticle {
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

export interface RankedArticle<T extends RankableArticle> {
  readonly article: T;
  readonly score: number;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have how i if in into is it its my no not of on or ' +
    'our so than that the their them then there these they this to was we were what when where ' +
    'which who why will with you your au aux avec ce ces dans de des du elle en est et il je la le ' +
    'les leur mais mon ne nous on ou par pas pour qui que sa se son sur un une vos votre vous'
  ).split(' '),
);
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;
/** Terms this long or longer also match with one edit (a typo); shorter ones must be exact. */
const FUZZY_FROM_LENGTH = 6;

/** One raw word to its indexed form, or null when it carries no meaning (stop word, one letter). */
function normaliseTerm(word: string): string | null {
  const term = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (term.length <= 1 || STOP_WORDS.has(term)) return null;
  return term.length > 3 && term.endsWith('s') ? term.slice(0, -1) : term;
}

/** Lower-cased, diacritics removed, split on anything but letters and digits, stop words dropped. */
export function searchTokens(text: string): string[] {
  return text.split(WORD_SEPARATOR).flatMap((word) => normaliseTerm(word) ?? []);
}

const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, tags: 2, body: 1 },
  combineWith: 'OR',
  prefix: true,
  fuzzy: (term) => (term.length >= FUZZY_FROM_LENGTH ? 1 : false),
};

/** An article as minisearch indexes it (tags joined into one field). */
export interface IndexedArticle<Id> {
  readonly id: Id;
  readonly title: string;
  readonly body: string;
  readonly tags: string;
}

/**
 * An empty minisearch index with the knowledge base's fields, terms and ranking: built per query
 * by `rankArticles`, or kept and updated article by article (published-article-index.ts).
 */
export function articleSearchIndex<Id extends string | number>(
  storeFields: string[] = [],
): MiniSearch<IndexedArticle<Id>> {
  return new MiniSearch<IndexedArticle<Id>>({
    fields: ['title', 'tags', 'body'],
    storeFields,
    tokenize: (text) => text.split(WORD_SEPARATOR),
    processTerm: normaliseTerm,
    searchOptions: SEARCH_OPTIONS,
  });
}

/** The articles that match any query term, best first (ties: input order), at most `limit`. */
export function rankArticles<T extends RankableArticle>(
  query: string,
  articles: readonly T[],
  limit: number,
): RankedArticle<T>[] {
  if (limit <= 0 || articles.length === 0 || searchTokens(query).length === 0) return [];
  const index = articleSearchIndex<number>();
  index.addAll(
    articles.map((article, id) => ({
      id,
      title: article.title,
      body: article.body,
      tags: article.tags.join(' '),
    })),
  );
  return index
    .search(query)
    .sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number))
    .slice(0, limit)
    .map((result) => ({ article: articles[result.id as number] as T, score: result.score }));
}
