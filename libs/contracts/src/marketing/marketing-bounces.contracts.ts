// Bounces: the mail provider (or a DSN reader in front of the mailbox that receives bounce
// notices) publishes one plain JSON report per refused mail to the inbound topic
// `crm.marketing.inbound-bounces` (key: the report's id; header `tenantId`, or the field).
// services/marketing matches the mail by its Message-ID, records `marketing.CampaignMessageBounced`
// for a campaign mail and, for a hard bounce, suppresses the recipient's address. A report that
// breaks the schema or names no mail marketing sent is logged with the reason and writes nothing.
import type { InboundTopicContract, JsonSchema } from '../event-contract';
import { enumOf, instant, object, text } from '../customers/customers-schema-parts';

export const MARKETING_INBOUND_BOUNCES_TOPIC = 'crm.marketing.inbound-bounces';
/** Largest bounce report read (bytes of its JSON text). */
export const MARKETING_BOUNCE_REPORT_MAX_BYTES = 8_192;

export const BOUNCE_REPORT_SCHEMA: JsonSchema = {
  $id: 'crm.marketing.inbound-bounces',
  ...object(
    {
      /** The report's own id (the provider's event id): a republished report changes nothing. */
      messageId: text(200),
      tenantId: text(200),
      /** The Message-ID header of the mail that bounced, with its angle brackets. */
      mailMessageId: { type: 'string', pattern: '^<[^<>@\\s]{1,400}@[^<>@\\s]{1,100}>$' },
      kind: enumOf(['hard', 'soft']),
      bouncedAt: instant,
      /** The receiving server's reply, e.g. "550 5.1.1 user unknown". */
      detail: text(500),
    },
    ['mailMessageId', 'kind'],
  ),
};

export const BOUNCE_REPORT_EXAMPLE = {
  messageId: 'esp-event-2026-12-07-0001',
  tenantId: 'tenant-a',
  mailMessageId: '<spring-newsletter.0190a5c4-7d1e-7a10-9b4e-2f7c1d0e5a11@marketing.crm>',
  kind: 'hard',
  bouncedAt: '2026-12-07T09:14:03.000Z',
  detail: '550 5.1.1 <anna@example.org>: user unknown',
};

export const MARKETING_INBOUND_TOPICS: readonly InboundTopicContract[] = [
  {
    topic: MARKETING_INBOUND_BOUNCES_TOPIC,
    description:
      'Bounce reports of marketing mails, published by the mail provider integration. Key: the report id; ' +
      'header or field tenantId. The mail is matched by its Message-ID: a campaign mail records ' +
      'marketing.CampaignMessageBounced once per recipient; a hard bounce suppresses the address ' +
      '(marketing.EmailAddressSuppressed), so no later campaign or journey mails it. Malformed reports and ' +
      'reports naming no mail marketing sent are logged with the reason; nothing is written for them.',
    messageSchema: BOUNCE_REPORT_SCHEMA,
    example: BOUNCE_REPORT_EXAMPLE,
  },
];
