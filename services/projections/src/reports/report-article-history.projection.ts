// Article history for reports (docs/reports.md, articles as of an instant): one document per
// article and locale, under the knowledge base's id, with each version written, publication,
// retirement and deflection under its stream version, because the knowledge base keeps the status
// and a running count of deflections now. Articles hold no personal data.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_ARTICLE_HISTORY_MODEL,
  REPORT_ARTICLE_HISTORY_PROJECTION,
  type ArticleFact,
} from '@crm/reports/read-models';
import type { ArticleEvent } from '@crm/service-desk-domain';
import { articleDocumentId } from '@crm/service-desk-read-models';
import { recordDatedFact } from './dated-fact';

const KIND_OF: Record<ArticleEvent['type'], ArticleFact['kind']> = {
  'service-desk.ArticleVersionWritten': 'written',
  'service-desk.ArticlePublished': 'published',
  'service-desk.ArticleRetired': 'retired',
  'service-desk.ArticleDeflectionRecorded': 'deflected',
};

export function projectArticleHistory(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as ArticleEvent;
  const kind = KIND_OF[event.type];
  if (!kind) return undefined;
  const { articleId, locale, at } = event.data;
  const id = articleDocumentId(envelope.tenantId, articleId, locale);
  const fact: ArticleFact = { kind, at };
  return recordDatedFact(REPORT_ARTICLE_HISTORY_MODEL, id, envelope, fact);
}

export const reportArticleHistoryProjection = defineProjection({
  name: REPORT_ARTICLE_HISTORY_PROJECTION,
  version: 1,
  eventTypes: Object.keys(KIND_OF),
  readModels: [REPORT_ARTICLE_HISTORY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectArticleHistory,
});
