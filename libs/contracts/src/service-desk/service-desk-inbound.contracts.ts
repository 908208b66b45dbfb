// Tickets from social networks and other systems: integrations publish plain JSON messages to the
// inbound topic `crm.service-desk.inbound-tickets` (key: the message id; header `tenantId`, or the
// field). services/service-desk opens one ticket per tenant and message id (its id derives from
// both, so a redelivery or a republished message opens nothing more); a message that breaks the
// schema below or the ticket's field limits is parked with the reason (service table
// `service_desk_inbound.parked_messages`), its offset committed, and nothing is written.
import type { InboundTopicContract, JsonSchema } from '../event-contract';
import { enumOf, id, object, text } from '../customers/customers-schema-parts';

export const SERVICE_DESK_INBOUND_TICKETS_TOPIC = 'crm.service-desk.inbound-tickets';
/** Largest inbound message read (bytes of its JSON text); a larger one is parked. */
export const SERVICE_DESK_INBOUND_MAX_BYTES = 65_536;

export const INBOUND_TICKET_MESSAGE_SCHEMA: JsonSchema = {
  $id: 'crm.service-desk.inbound-tickets',
  ...object(
    {
      messageId: text(200),
      tenantId: text(200),
      channel: enumOf(['social', 'api', 'chat', 'phone', 'web_form']),
      /** Where it came from, e.g. a network or system name; becomes a tag. */
      source: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,30}$' },
      // The ticket's own limits (subject, body, tags) are checked as for OpenTicket.
      subject: text(1000),
      body: text(SERVICE_DESK_INBOUND_MAX_BYTES),
      requesterEmail: text(320),
      customerId: id,
      priority: enumOf(['low', 'normal', 'high', 'urgent']),
      type: enumOf(['question', 'incident', 'complaint']),
      tags: { type: 'array', maxItems: 50, items: text(64) },
    },
    ['messageId', 'subject', 'body'],
  ),
};

export const INBOUND_TICKET_EXAMPLE = {
  messageId: 'social-2026-12-07-0001',
  tenantId: 'tenant-a',
  channel: 'social',
  source: 'mastodon',
  subject: 'Order 1042 still not here',
  body: '@shop my order 1042 was due last week, any news?',
  priority: 'normal',
  type: 'question',
  tags: ['delivery'],
};

export const SERVICE_DESK_INBOUND_TOPICS: readonly InboundTopicContract[] = [
  {
    topic: SERVICE_DESK_INBOUND_TICKETS_TOPIC,
    description:
      'Tickets published by social listening tools and other systems for the service desk to open. ' +
      'Key: the messageId; header or field tenantId. One ticket per tenant and messageId (channel social ' +
      'unless named; the source becomes a tag), with the SLA policy matched and routing as for any ticket. ' +
      'Malformed or oversized messages are parked with the reason; nothing is written for them.',
    messageSchema: INBOUND_TICKET_MESSAGE_SCHEMA,
    example: INBOUND_TICKET_EXAMPLE,
  },
];
