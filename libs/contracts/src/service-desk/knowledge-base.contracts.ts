// Public contracts of the knowledge base (stream `service-desk.Article-<articleId>`, topic
// crm.service-desk.events): versioned, localised articles, their publication and the deflections
// they earned. Articles hold no personal data.
import type { EventContract, JsonSchema } from '../event-contract';
import { serviceDeskContractOf } from './service-desk-contract';
import { enumOf, id, instant, text } from '../customers/customers-schema-parts';

const ARTICLE = 'kb-returns';
const AT = '2026-12-07T08:00:00.000Z';
const locale: JsonSchema = {
  type: 'string',
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  maxLength: 35,
};
const version: JsonSchema = { type: 'integer', minimum: 1 };

const article = serviceDeskContractOf({
  properties: { articleId: id, locale, at: instant },
  example: { articleId: ARTICLE, locale: 'en', at: AT },
});

const content: Record<string, JsonSchema> = {
  title: text(300),
  body: { type: 'string', minLength: 1, maxLength: 200_000 },
  tags: { type: 'array', items: text(64), maxItems: 50 },
  visibility: enumOf(['internal', 'public']),
};
const CONTENT = ['title', 'body', 'tags', 'visibility'];
const example = {
  title: 'How to return a parcel',
  body: 'Print the label and drop the parcel at a relay point.',
  tags: ['returns'],
  visibility: 'public',
};

export const KNOWLEDGE_BASE_EVENT_CONTRACTS: readonly EventContract[] = [
  article(
    'ArticleVersionWritten',
    'A new draft version of a knowledge-base article in one locale.',
    { version, ...content },
    ['version', ...CONTENT],
    { version: 1, ...example },
  ),
  article(
    'ArticlePublished',
    'The latest version of the article in this locale is published (searchable, suggested), with its content.',
    { version, ...content },
    ['version', ...CONTENT],
    { version: 2, ...example },
  ),
  article(
    'ArticleRetired',
    'The article in this locale is no longer searchable or suggested.',
    { version, reason: text(5000) },
    ['version', 'reason'],
    { version: 2, reason: 'Policy changed' },
  ),
  article(
    'ArticleDeflectionRecorded',
    '"This article solved it": the published version answered a question (for a ticket when named).',
    { version, ticketId: id },
    ['version'],
    { version: 2, ticketId: 'T-0190a000-0000-7000-8000-000000000001' },
  ),
];
