// The knowledge base: one document per article and locale with the latest draft, the published
// version (content carried by ArticlePublished), the deflections counted and how often the
// automatic reply sent it (AutoReplySent, on the ticket's stream). Articles hold no personal data,
// so it runs on the raw store.
import {
  articleIdFromStreamId,
  type ArticleEvent,
  type AutoReplySent,
} from '@crm/service-desk-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  KNOWLEDGE_BASE_MODEL,
  KNOWLEDGE_BASE_PROJECTION,
  articleDocumentId,
} from '@crm/service-desk-read-models';

export { KNOWLEDGE_BASE_MODEL, KNOWLEDGE_BASE_PROJECTION };

export function projectKnowledgeBase(envelope: EventEnvelope): ReadModelChange[] {
  if (envelope.type === 'service-desk.AutoReplySent') {
    const { articles } = envelope.data as AutoReplySent['data'];
    return articles.map(({ articleId, locale }) =>
      upsert(KNOWLEDGE_BASE_MODEL, articleDocumentId(envelope.tenantId, articleId, locale), {
        inc: { autoReplies: 1 },
      }),
    );
  }
  const articleId = articleIdFromStreamId(envelope.streamId);
  if (!articleId) return [];
  const event = { type: envelope.type, data: envelope.data } as ArticleEvent;
  const { locale, at } = event.data;
  const change = (update: Omit<Parameters<typeof upsert>[2], 'set'> & { set?: object }) => [
    upsert(KNOWLEDGE_BASE_MODEL, articleDocumentId(envelope.tenantId, articleId, locale), {
      ...update,
      set: { tenantId: envelope.tenantId, articleId, locale, updatedAt: at, ...update.set },
    }),
  ];
  switch (event.type) {
    case 'service-desk.ArticleVersionWritten': {
      const { version, title, body, tags, visibility } = event.data;
      return change({
        set: { draft: { version, title, body, tags: [...tags], visibility } },
        setOnInsert: { status: 'draft', deflections: 0 },
      });
    }
    case 'service-desk.ArticlePublished': {
      const { version, title, body, tags, visibility } = event.data;
      return change({
        set: {
          status: 'published',
          published: { version, title, body, tags: [...tags], visibility, publishedAt: at },
        },
      });
    }
    case 'service-desk.ArticleRetired':
      return change({ set: { status: 'retired' } });
    case 'service-desk.ArticleDeflectionRecorded':
      return change({ inc: { deflections: 1 } });
    default: {
      const other: never = event;
      void other;
      return [];
    }
  }
}

export const knowledgeBaseProjection = defineProjection({
  name: KNOWLEDGE_BASE_PROJECTION,
  version: 1,
  eventTypes: [
    'service-desk.ArticleVersionWritten',
    'service-desk.ArticlePublished',
    'service-desk.ArticleRetired',
    'service-desk.ArticleDeflectionRecorded',
    'service-desk.AutoReplySent',
  ],
  readModels: [KNOWLEDGE_BASE_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [KNOWLEDGE_BASE_MODEL]: [
      { fields: { tenantId: 1, status: 1, locale: 1 } },
      { fields: { tenantId: 1, updatedAt: -1 } },
    ],
  },
  project: projectKnowledgeBase,
});
