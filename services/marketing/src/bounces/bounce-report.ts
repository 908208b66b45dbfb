// Reads one message of the inbound bounces topic (BOUNCE_REPORT_SCHEMA): JSON, then the schema,
// then the Message-ID taken apart into the mail's source and customer as CampaignMailer built it
// (`<source.customer@marketing.crm>`, each part URI-encoded; customer ids hold no dot). Whatever
// fails is a MalformedBounceReportError with the reason; nothing is written for it.
import { BOUNCE_REPORT_SCHEMA, MARKETING_BOUNCE_REPORT_MAX_BYTES } from '@crm/contracts/marketing';
import { MarketingDomainError, type BounceKind } from '@crm/marketing-domain';
import Ajv from 'ajv';

export class MalformedBounceReportError extends MarketingDomainError {
  readonly code = 'MALFORMED_BOUNCE_REPORT';
}

export interface BounceReport {
  readonly mailMessageId: string;
  /** The campaign id, or a journey mail's source id (`journey:…`). */
  readonly sourceId: string;
  readonly customerId: string;
  readonly kind: BounceKind;
  readonly bouncedAt?: string;
  readonly detail?: string;
}

type BounceReportMessage = Pick<BounceReport, 'mailMessageId' | 'kind' | 'bouncedAt' | 'detail'>;

// Formats are not checked by this Ajv: bouncedAt is read as an instant below.
const validate = new Ajv({
  allErrors: true,
  strict: false,
  validateFormats: false,
}).compile<BounceReportMessage>(BOUNCE_REPORT_SCHEMA);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const OUR_MESSAGE_ID = /^<([^<>@\s]+)\.([^<>@.\s]+)@marketing\.crm>$/;

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function parseBounceReport(text: string): BounceReport {
  if (Buffer.byteLength(text) > MARKETING_BOUNCE_REPORT_MAX_BYTES)
    throw new MalformedBounceReportError(
      `The report is larger than ${MARKETING_BOUNCE_REPORT_MAX_BYTES} bytes`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedBounceReportError('The report is not JSON');
  }
  if (!validate(json)) {
    const details = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new MalformedBounceReportError(`The report breaks its schema: ${details.join('; ')}`);
  }
  const { mailMessageId, kind, bouncedAt, detail } = json;
  if (bouncedAt !== undefined && (!INSTANT.test(bouncedAt) || Number.isNaN(Date.parse(bouncedAt))))
    throw new MalformedBounceReportError(`bouncedAt ${bouncedAt} is not an ISO-8601 instant`);
  const [, source = '', customer = ''] = OUR_MESSAGE_ID.exec(mailMessageId) ?? [];
  const sourceId = decoded(source);
  const customerId = decoded(customer);
  if (!sourceId || !customerId)
    throw new MalformedBounceReportError(`${mailMessageId} is not a marketing mail's Message-ID`);
  return {
    mailMessageId,
    sourceId,
    customerId,
    kind,
    ...(bouncedAt === undefined ? {} : { bouncedAt: new Date(bouncedAt).toISOString() }),
    ...(detail === undefined ? {} : { detail }),
  };
}
