import { rankArticles } from './article-ranking';
import { suggestionQuery } from './suggestion-query';

const article = (title: string, body: string) => ({ title, body, tags: [] as string[] });
const password = article('Reset your password', 'Use the forgotten password link to reset it.');
const invoice = article('Download an invoice', 'Invoices are in your account page.');
const delivery = article('Delivery times', 'Parcels arrive within three working days.');
const base = [delivery, invoice, password];

const ticket = { subject: 'Question about my account', tags: ['web'] };

const topOf = (query: string) => rankArticles(query, base, 3)[0]?.article;

describe('suggestionQuery', () => {
  it('at opening ranks on the subject and tags only', () => {
    expect(suggestionQuery(ticket)).toBe('Question about my account web');
    expect(topOf(suggestionQuery(ticket))).toBe(invoice);
  });

  it("follows the customer's latest message, not an earlier one nor the agent's words", () => {
    const query = suggestionQuery({
      ...ticket,
      conversation: [
        { kind: 'customer', body: 'Where is my invoice?' },
        { kind: 'reply', body: 'Your invoice is in your account page.' },
        { kind: 'customer', body: 'Thanks. Also I cannot log in, my password fails.' },
        { kind: 'note', body: 'delivery delivery delivery' },
      ],
    });
    expect(query).toContain('my password fails');
    expect(query).not.toContain('Where is my invoice');
    expect(query).not.toContain('delivery');
    expect(topOf(query)).toBe(password);
  });

  it('when an agent replies, ranks on the draft too', () => {
    const draft = 'Your parcel left our warehouse; delivery takes three working days.';
    expect(topOf(suggestionQuery(ticket))).not.toBe(delivery);
    expect(topOf(suggestionQuery({ ...ticket, draft }))).toBe(delivery);
  });

  it('ranks only on the start of a very long customer message', () => {
    const long = `${'password '.repeat(300)}${'invoice '.repeat(300)}`;
    const query = suggestionQuery({
      subject: 'x',
      tags: [],
      conversation: [{ kind: 'customer', body: long }],
    });
    expect(query).toContain('password');
    expect(query).not.toContain('invoice');
  });
});
