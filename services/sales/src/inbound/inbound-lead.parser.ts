// Parses the text of an inbound lead message once: JSON, then the published message schema
// (libs/contracts INBOUND_LEAD_MESSAGE_SCHEMA), then the same field rules as CaptureLead (its own
// parser, so a limit has one value). A message that fails any step is refused with every reason at
// once (MalformedInboundLeadError): the reactor parks it with that reason, nothing is captured.
import { INBOUND_LEAD_MESSAGE_SCHEMA } from '@crm/contracts/sales';
import type { ServiceCaller } from '@crm/access-policy';
import { SalesDomainError, type CaptureLead } from '@crm/sales-domain';
import Ajv from 'ajv';
import { SalesValidationError } from '../grpc/request-parsing';
import { parseCaptureLead, routingFieldsOf } from '../grpc/sales-command.parsers';

export class MalformedInboundLeadError extends SalesDomainError {
  readonly code = 'MALFORMED_INBOUND_LEAD';
}

export interface InboundLead {
  readonly messageId: string;
  readonly tenantId?: string;
  readonly contact: { readonly name: string; readonly email?: string; readonly phone?: string };
  readonly companyName?: string;
  readonly teamId: string;
  readonly fields?: Readonly<Record<string, string>>;
}

const validate = new Ajv({ allErrors: true, strict: false }).compile<InboundLead>(
  INBOUND_LEAD_MESSAGE_SCHEMA,
);

/** The message's JSON as the schema allows it, or undefined when it is not. */
export function readInboundLead(payload: string): InboundLead {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new MalformedInboundLeadError('The message is not JSON');
  }
  if (!validate(json)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new MalformedInboundLeadError(`The message breaks its schema: ${details.join('; ')}`);
  }
  return json;
}

export interface InboundCapture {
  readonly capture: CaptureLead;
  readonly teamId: string;
  /** What assignment rules may test: the message's fields, the source and whether there is a company. */
  readonly fields: Readonly<Record<string, string>>;
}

export function parseInboundLead(
  payload: string,
  leadId: string,
  caller: ServiceCaller,
  now: () => string,
): InboundCapture {
  const lead = readInboundLead(payload);
  try {
    const { command } = parseCaptureLead(
      {
        ctx: null,
        leadId,
        source: 'LEAD_SOURCE_KAFKA',
        contact: {
          name: lead.contact.name,
          email: lead.contact.email ?? '',
          phone: lead.contact.phone ?? '',
        },
        companyName: lead.companyName ?? '',
        ownerId: '',
        teamId: lead.teamId,
        route: true,
        // The message's fields passed the topic's schema; they are routed as they are.
        fields: {},
      },
      { caller, now, newId: () => leadId },
    );
    return {
      capture: command,
      teamId: lead.teamId,
      fields: routingFieldsOf(command.data, lead.fields),
    };
  } catch (error) {
    if (error instanceof SalesValidationError) {
      throw new MalformedInboundLeadError(`The message's lead is invalid: ${error.message}`);
    }
    throw error;
  }
}
