// Ranked full-text matching of knowledge-base articles: Okapi BM25 over title (weight 3), tags (2)
// and body (1), on tokens folded to lower case without diacritics, stop words dropped and a plural
// "s" trimmed. Pure and synchronous so its ranking is unit-tested and benchmarked on its own;
// why it is hand-written and not MongoDB's $text or a library: ADR 0210.

export interface RankableArticle {
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
}

export interface RankedArticle<T extends RankableArticle> {
  readonly article: T;
  readonly score: number;
}

const K1 = 1.2;
const B = 0.75;
const FIELD_WEIGHTS = { title: 3, tags: 2, body: 1 } as const;
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have how i if in into is it its my no not of on or ' +
    'our so than that the their them then there these they this to was we were what when where ' +
    'which who why will with you your au aux avec ce ces dans de des du elle en est et il je la le ' +
    'les leur mais mon ne nous on ou par pas pour qui que sa se son sur un une vos votre vous'
  ).split(' '),
);

/** Lower-cased, diacritics removed, split on anything but letters and digits, stop words dropped. */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1 && !STOP_WORDS.has(token))
    .map((token) => (token.length > 3 && token.endsWith('s') ? token.slice(0, -1) : token));
}

function weightedTerms(article: RankableArticle): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const token of searchTokens(text)) terms.set(token, (terms.get(token) ?? 0) + weight);
  };
  add(article.title, FIELD_WEIGHTS.title);
  add(article.tags.join(' '), FIELD_WEIGHTS.tags);
  add(article.body, FIELD_WEIGHTS.body);
  return terms;
}

/** The articles that match any query term, best first (ties: input order), at most `limit`. */
export function rankArticles<T extends RankableArticle>(
  query: string,
  articles: readonly T[],
  limit: number,
): RankedArticle<T>[] {
  const queryTerms = [...new Set(searchTokens(query))];
  if (queryTerms.length === 0 || articles.length === 0) return [];
  const documents = articles.map((article) => {
    const terms = weightedTerms(article);
    let length = 0;
    for (const weight of terms.values()) length += weight;
    return { article, terms, length };
  });
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / documents.length || 1;
  const idf = new Map(
    queryTerms.map((term) => {
      const containing = documents.filter((d) => d.terms.has(term)).length;
      return [term, Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5))];
    }),
  );
  const ranked: RankedArticle<T>[] = [];
  for (const { article, terms, length } of documents) {
    let score = 0;
    for (const term of queryTerms) {
      const frequency = terms.get(term) ?? 0;
      if (frequency === 0) continue;
      score +=
        ((idf.get(term) ?? 0) * (frequency * (K1 + 1))) /
        (frequency + K1 * (1 - B + (B * length) / averageLength));
    }
    if (score > 0) ranked.push({ article, score });
  }
  // Array.prototype.sort is stable: equal scores keep the input order.
  return ranked.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
}
