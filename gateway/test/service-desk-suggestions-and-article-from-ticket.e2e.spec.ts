// The knowledge base beside an agent at work, on the running platform: the suggestions for a
// ticket follow the customer's latest message and, while the agent writes a reply, the draft
// (issue 12: "suggested articles when a ticket is opened and when an agent replies"); a solved
// ticket becomes an internal draft article with the customer's name, addresses, phone number and
// ids replaced and the internal notes left out ("article from ticket"). Every run uses its own ids.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(180_000);
const SETTLE = { timeoutMs: 60_000, intervalMs: 500 };

const run = randomUUID().slice(0, 8);
const email = `zoe.quill.${run}@customers.example`;

interface Result {
  position: string;
  createdId: string | null;
}

let client: GatewayGraphQLClient;
beforeAll(async () => {
  client = await loginToRunningPlatform();
}, 60_000);

const mutate = async (name: string, inputType: string, input: object): Promise<Result> =>
  (
    await client.data<Record<string, Result>>(
      `mutation($input: ${inputType}!) { ${name}(input: $input) { position createdId } }`,
      { input },
    )
  )[name]!;

async function publish(title: string, body: string): Promise<Result> {
  const written = await mutate('writeArticleVersion', 'WriteArticleVersionInput', {
    locale: 'en',
    title,
    body,
    visibility: 'PUBLIC',
  });
  return mutate('publishArticle', 'ArticleLocaleInput', {
    articleId: written.createdId,
    locale: 'en',
  });
}

describe('suggestions on reply and article from ticket end to end', () => {
  it('suggests on the latest customer message and the draft, and strips the customer from the article', async () => {
    const { registerCustomer } = await client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Zoë', lastName: `Quill${run}` },
          contacts: [{ email, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const customerId = registerCustomer.customerId;
    await publish(`Reset password ${run}`, 'Choose "forgot password" and follow the mailed link.');
    const delivery = await publish(
      `Delivery times ${run}`,
      'Parcels leave the warehouse at once and arrive within three working days.',
    );

    const opened = await mutate('openTicket', 'OpenTicketInput', {
      channel: 'WEB_FORM',
      subject: `Question ${run}`,
      body: `Hello, I am Zoë Quill${run}. Where is my order? ${run}`,
      requesterEmail: email,
      customerId,
    });
    const ticketId = opened.createdId!;
    await mutate('recordTicketCustomerMessage', 'TicketMessageInput', {
      ticketId,
      body: `Also my password link fails, call me on +44 20 7946 0958 (${email}).`,
    });
    const suggest = async (draft: string | null) =>
      (
        await client.data<{ suggestedArticles: { article: { published: { title: string } } }[] }>(
          `query($id: ID!, $draft: String, $p: String) {
             suggestedArticles(ticketId: $id, draft: $draft, atLeastPosition: $p) {
               article { published { title } } } }`,
          { id: ticketId, draft, p: delivery.position },
        )
      ).suggestedArticles.map((m) => m.article.published.title);
    // Opened about an order, the customer's latest message is about the password.
    expect((await suggest(null))[0]).toBe(`Reset password ${run}`);
    // The agent answers about the delivery: the draft brings its article first.
    expect(
      (await suggest('Your parcel left the warehouse; delivery takes three working days.'))[0],
    ).toBe(`Delivery times ${run}`);
    const tooLong = await client.request(
      `query($id: ID!, $draft: String) { suggestedArticles(ticketId: $id, draft: $draft) { score } }`,
      { id: ticketId, draft: 'x'.repeat(5_001) },
    );
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'draft', code: 'TOO_LONG' }],
    });

    // No public reply yet: nothing to make an article of, nothing written.
    const early = await client.request(
      `mutation($input: WriteArticleFromTicketInput!) { writeArticleFromTicket(input: $input) { createdId } }`,
      { input: { ticketId, locale: 'en' } },
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'ticketId', code: 'NO_PUBLIC_REPLY' }],
    });

    await mutate('addTicketInternalNote', 'TicketMessageInput', {
      ticketId,
      body: `VIP: Zoë pays with card 4111 1111 1111 1111`,
    });
    await mutate('replyToTicket', 'TicketMessageInput', {
      ticketId,
      body: `Dear Zoë, choose "forgot password" again; customer ${customerId} is unlocked.`,
    });
    const article = await client.data<{ writeArticleFromTicket: Result & { aggregateId: string } }>(
      `mutation($input: WriteArticleFromTicketInput!) {
         writeArticleFromTicket(input: $input) { position createdId aggregateId } }`,
      { input: { ticketId, locale: 'en', title: `Password links for Zoë ${run}` } },
    );
    const articleId = article.writeArticleFromTicket.createdId!;
    const { knowledgeBaseArticle } = await eventually(
      () =>
        client.data<{
          knowledgeBaseArticle: {
            status: string;
            draft: { title: string; body: string; visibility: string };
          };
        }>(
          `query($id: ID!, $p: String) { knowledgeBaseArticle(articleId: $id, locale: "en", atLeastPosition: $p) {
             status draft { title body visibility } } }`,
          { id: articleId, p: article.writeArticleFromTicket.position },
        ),
      SETTLE,
    );
    expect(knowledgeBaseArticle.status).toBe('draft');
    expect(knowledgeBaseArticle.draft).toEqual({
      title: `Password links for [customer] ${run}`,
      body: expect.stringContaining(
        `## Answer\n\nDear [customer], choose "forgot password" again; customer [id] is unlocked.`,
      ),
      visibility: 'internal',
    });
    const body = knowledgeBaseArticle.draft.body;
    expect(body).toContain('## Question\n\nHello, I am [customer]. Where is my order?');
    expect(body).not.toMatch(new RegExp(`Zoë|Quill|${customerId}|4111|VIP|@`));
  });
});
