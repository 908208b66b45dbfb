/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// The knowledge base over real gRPC against a real PostgreSQL: versions per locale, publishing by
// leads only, deflections counted on published articles for tickets in the caller's scope, and bad
// input refused with nothing written.
import * as grpc from '@grpc/grpc-js';
import {
  agent,
  ctx,
  lead,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: ServiceDeskTestService;
beforeAll(async () => {
  t = await startServiceDeskTestService('desk-kb');
});
afterAll(async () => {
  await t?.stop();
});

const write = (extra: object = {}) => ({
  ctx: ctx(),
  locale: 'en',
  title: 'How to return a parcel',
  body: 'Print the label and drop the parcel at a relay point.',
  tags: ['Returns'],
  visibility: 'ARTICLE_VISIBILITY_PUBLIC',
  ...extra,
});

describe('knowledge-base articles over gRPC', () => {
  it('an agent drafts, a lead publishes, and a deflection is counted for a ticket in scope', async () => {
    const drafted = await t.call('WriteArticleVersion', write(), agent('agent-1'));
    const articleId = drafted.createdId as string;
    expect(articleId).toBeTruthy();
    expect(drafted.eventTypes).toEqual(['service-desk.ArticleVersionWritten']);
    await t.call(
      'WriteArticleVersion',
      write({ articleId, locale: 'fr', title: 'Retourner un colis' }),
    );

    const denied = await t.fail(
      'PublishArticle',
      { ctx: ctx(), articleId, locale: 'en' },
      agent('agent-1'),
    );
    expect(denied.code).toBe(grpc.status.PERMISSION_DENIED);
    const published = await t.call(
      'PublishArticle',
      { ctx: ctx(), articleId, locale: 'en' },
      lead('lead-1', 'desk-a'),
    );
    expect(published.eventTypes).toEqual(['service-desk.ArticlePublished']);
    const again = await t.call('PublishArticle', { ctx: ctx(), articleId, locale: 'en' });
    expect(again.replayed).toBe(true);

    const ticket = await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_WEB_FORM',
      subject: 'Return a parcel',
      body: 'How do I send it back?',
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      tags: [],
    });
    const ticketId = ticket.createdId as string;
    const deflected = await t.call(
      'RecordArticleDeflection',
      { ctx: ctx(), articleId, locale: 'en', ticketId },
      agent('agent-1'),
    );
    expect(deflected.eventTypes).toEqual(['service-desk.ArticleDeflectionRecorded']);

    const stored = (await t.events()).filter(
      (e) => e.stream_id === `service-desk.Article-${articleId}`,
    );
    expect(stored.map((e) => [e.type, e.data.locale, e.data.version])).toEqual([
      ['service-desk.ArticleVersionWritten', 'en', 1],
      ['service-desk.ArticleVersionWritten', 'fr', 1],
      ['service-desk.ArticlePublished', 'en', 1],
      ['service-desk.ArticleDeflectionRecorded', 'en', 1],
    ]);
    expect(stored[0]?.data.tags).toEqual(['returns']);
    expect(stored[3]?.data.ticketId).toBe(ticketId);
  });

  it('refuses a deflection for a ticket out of scope, on a draft, and bad input, writing nothing', async () => {
    const { createdId: articleId } = await t.call('WriteArticleVersion', write());
    await t.call('PublishArticle', { ctx: ctx(), articleId, locale: 'en' });
    const { createdId: ticketId } = await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_PHONE',
      subject: 'Where is my parcel?',
      body: 'It is late.',
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      tags: [],
    });
    await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-2', teamId: 'desk-b' });
    const before = await t.eventCount();

    const outOfScope = await t.fail(
      'RecordArticleDeflection',
      { ctx: ctx(), articleId, locale: 'en', ticketId },
      agent('agent-1'),
    );
    expect([outOfScope.code, outOfScope.detail.code]).toEqual([
      grpc.status.NOT_FOUND,
      'TICKET_NOT_FOUND',
    ]);
    const draft = await t.fail('RecordArticleDeflection', { ctx: ctx(), articleId, locale: 'fr' });
    expect(draft.detail.code).toBe('ARTICLE_NOT_FOUND');
    const { createdId: draftId } = await t.call('WriteArticleVersion', write());
    const unpublished = await t.fail('RecordArticleDeflection', {
      ctx: ctx(),
      articleId: draftId,
      locale: 'en',
    });
    expect(unpublished.detail.code).toBe('ARTICLE_NOT_PUBLISHED');
    const bad = await t.fail(
      'WriteArticleVersion',
      write({ locale: 'English', title: '', visibility: '' }),
    );
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.detail.violations.map((v) => v.field).sort()).toEqual([
      'locale',
      'title',
      'visibility',
    ]);
    expect(await t.eventCount()).toBe(before + 1);
  });
});
