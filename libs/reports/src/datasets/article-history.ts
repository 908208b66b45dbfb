// A knowledge-base article's status and deflections as they stood at an instant (docs/reports.md,
// articles as of an instant), folded from the reports context's article history; read beside the
// knowledge base's rows (one per article and locale), tenant-wide as the articles are.
import type { ArticleDocument } from '@crm/service-desk-read-models';
import {
  REPORT_ARTICLE_HISTORY_MODEL,
  REPORT_ARTICLE_HISTORY_PROJECTION,
  type ArticleHistoryDocument,
} from '../read-models/report-read-models';
import { factsUpTo, joinHistory, type DatedHistory } from './dated-facts';

export interface ArticleThen {
  readonly status: string;
  readonly deflections: number;
}

export type ArticleRow = ArticleDocument & { readonly then?: ArticleThen | null };

/** The history folded up to `asOf`; null when no version was written by then. */
export function articleThen(
  doc: Pick<ArticleHistoryDocument, 'facts'>,
  asOf: Date,
): ArticleThen | null {
  let then = null as ArticleThen | null;
  for (const fact of factsUpTo(doc.facts, asOf)) {
    switch (fact.kind) {
      case 'written':
        // A later version leaves a published or retired article as it was (the knowledge base's rule).
        then ??= { status: 'draft', deflections: 0 };
        break;
      case 'published':
      case 'retired':
        if (then) then = { ...then, status: fact.kind };
        break;
      case 'deflected':
        if (then) then = { ...then, deflections: then.deflections + 1 };
        break;
      default: {
        const unhandled: never = fact.kind;
        return unhandled;
      }
    }
  }
  return then;
}

const ARTICLE_HISTORY: DatedHistory<ArticleHistoryDocument, ArticleThen | null> = {
  projection: REPORT_ARTICLE_HISTORY_PROJECTION,
  model: REPORT_ARTICLE_HISTORY_MODEL,
  fold: articleThen,
};

/** Each article row with where it stood at `asOf` (null: not written by then; absent: no history). */
export const withArticleThen = joinHistory(ARTICLE_HISTORY);

/**
 * The article as it stood at `asOf`; null when not written by then. The knowledge base's time
 * field moves with every update, so the history alone decides which articles existed then; a row
 * whose history has not arrived yet (the reports projection trails) counts as it stands now.
 */
export function articleAsOf(doc: ArticleRow, asOf: Date): ArticleRow | null {
  const { then, ...article } = doc;
  if (then === undefined) return Date.parse(doc.updatedAt) <= asOf.getTime() ? article : null;
  if (then === null) return null;
  return { ...article, status: then.status, deflections: then.deflections };
}

export { REPORT_ARTICLE_HISTORY_PROJECTION };
