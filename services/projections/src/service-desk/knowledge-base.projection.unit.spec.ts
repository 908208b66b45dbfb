import type { EventEnvelope } from '@crm/event-sourcing';
import { KNOWLEDGE_BASE_MODEL, projectKnowledgeBase } from './knowledge-base.projection';

const envelope = (type: string, data: object): EventEnvelope =>
  ({
    type,
    data: { articleId: 'kb-1', locale: 'fr', at: '2026-12-07T08:00:00.000Z', ...data },
    streamId: 'service-desk.Article-kb-1',
    tenantId: 'tenant-a',
  }) as unknown as EventEnvelope;
const content = {
  title: 'Retourner un colis',
  body: 'Imprimez l’étiquette.',
  tags: ['retours'],
  visibility: 'public',
};
const base = {
  tenantId: 'tenant-a',
  articleId: 'kb-1',
  locale: 'fr',
  updatedAt: '2026-12-07T08:00:00.000Z',
};

describe('knowledge base projection', () => {
  it('keeps one document per tenant, article and locale: the draft, and draft status only when new', () => {
    expect(
      projectKnowledgeBase(
        envelope('service-desk.ArticleVersionWritten', { version: 2, ...content }),
      ),
    ).toEqual([
      {
        kind: 'upsert',
        model: KNOWLEDGE_BASE_MODEL,
        id: 'tenant-a:kb-1:fr',
        set: { ...base, draft: { version: 2, ...content } },
        setOnInsert: { status: 'draft', deflections: 0 },
      },
    ]);
  });

  it('publishes the content the event carries, retires, and counts deflections', () => {
    const [published] = projectKnowledgeBase(
      envelope('service-desk.ArticlePublished', { version: 2, ...content }),
    );
    expect(published).toMatchObject({
      set: {
        status: 'published',
        published: { version: 2, ...content, publishedAt: base.updatedAt },
      },
    });
    const [retired] = projectKnowledgeBase(
      envelope('service-desk.ArticleRetired', { version: 2, reason: 'old' }),
    );
    expect(retired).toMatchObject({ set: { status: 'retired' } });
    const [deflected] = projectKnowledgeBase(
      envelope('service-desk.ArticleDeflectionRecorded', { version: 2 }),
    );
    expect(deflected).toMatchObject({ inc: { deflections: 1 } });
  });

  it('ignores events of other streams', () => {
    expect(
      projectKnowledgeBase({
        ...envelope('service-desk.ArticleRetired', {}),
        streamId: 'service-desk.Ticket-T-1',
      }),
    ).toEqual([]);
  });

  it("counts an automatic reply (on the ticket's stream) on each article it carried", () => {
    const sent = {
      type: 'service-desk.AutoReplySent',
      streamId: 'service-desk.Ticket-t-1',
      tenantId: 'tenant-a',
      data: {
        ticketId: 't-1',
        at: '2026-12-07T08:00:00.000Z',
        messageId: '<ticket-t-1.e1@desk.example>',
        articles: [
          { articleId: 'kb-1', locale: 'fr' },
          { articleId: 'kb-2', locale: 'en' },
        ],
      },
    } as unknown as EventEnvelope;
    expect(projectKnowledgeBase(sent)).toEqual([
      expect.objectContaining({ id: 'tenant-a:kb-1:fr', inc: { autoReplies: 1 } }),
      expect.objectContaining({ id: 'tenant-a:kb-2:en', inc: { autoReplies: 1 } }),
    ]);
  });
});
