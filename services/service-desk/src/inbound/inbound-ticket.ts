// Reads one message of the inbound tickets topic into an OpenTicket request: JSON, then the
// published message schema (INBOUND_TICKET_MESSAGE_SCHEMA), then the same field rules as the
// OpenTicket RPC (its parser, so a limit has one value). Whatever fails is a MalformedInboundTicket
// with every reason at once: the consumer parks the message with it and writes nothing.
import type * as P from '@crm/contracts/service-desk-grpc';
import {
  INBOUND_TICKET_MESSAGE_SCHEMA,
  SERVICE_DESK_INBOUND_MAX_BYTES,
} from '@crm/contracts/service-desk';
import { ServiceDeskDomainError, ServiceDeskValidationError } from '@crm/service-desk-domain';
import Ajv from 'ajv';
import {
  parseOpenTicket,
  type ParseContext,
  type ParsedTicketRequest,
} from '../grpc/service-desk-command.parsers';

export class MalformedInboundTicketError extends ServiceDeskDomainError {
  readonly code = 'MALFORMED_INBOUND_TICKET';
}

interface InboundTicket {
  readonly messageId: string;
  readonly channel?: string;
  readonly source?: string;
  readonly subject: string;
  readonly body: string;
  readonly requesterEmail?: string;
  readonly customerId?: string;
  readonly priority?: string;
  readonly type?: string;
  readonly tags?: readonly string[];
}

const validate = new Ajv({ allErrors: true, strict: false }).compile<InboundTicket>(
  INBOUND_TICKET_MESSAGE_SCHEMA,
);

export async function parseInboundTicket(
  text: string,
  ticketId: string,
  context: Omit<ParseContext, 'newTicketId'>,
): Promise<ParsedTicketRequest> {
  if (Buffer.byteLength(text) > SERVICE_DESK_INBOUND_MAX_BYTES)
    throw new MalformedInboundTicketError(
      `The message is larger than ${SERVICE_DESK_INBOUND_MAX_BYTES} bytes`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedInboundTicketError('The message is not JSON');
  }
  if (!validate(json)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new MalformedInboundTicketError(`The message breaks its schema: ${details.join('; ')}`);
  }
  const upper = (value: string | undefined) => (value ? value.toUpperCase() : '');
  const request: P.OpenTicketRequest__Output = {
    ctx: null,
    ticketId,
    channel:
      `TICKET_CHANNEL_${upper(json.channel ?? 'social')}` as P.OpenTicketRequest__Output['channel'],
    subject: json.subject,
    body: json.body,
    requesterEmail: json.requesterEmail ?? '',
    customerId: json.customerId ?? '',
    priority:
      `TICKET_PRIORITY_${upper(json.priority ?? 'normal')}` as P.OpenTicketRequest__Output['priority'],
    type: `TICKET_TYPE_${upper(json.type ?? 'question')}` as P.OpenTicketRequest__Output['type'],
    tags: [...(json.tags ?? []), ...(json.source ? [json.source] : [])],
    // The topic's message carries no phone number (its schema is published).
    requesterPhone: '',
  };
  try {
    return await parseOpenTicket(request, { ...context, newTicketId: () => ticketId }, () =>
      Promise.resolve(undefined),
    );
  } catch (error) {
    if (error instanceof ServiceDeskValidationError)
      throw new MalformedInboundTicketError(`The message's ticket is invalid: ${error.message}`);
    throw error;
  }
}
