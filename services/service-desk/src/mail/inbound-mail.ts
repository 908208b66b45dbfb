// Inbound e-mail as the service desk sees it, and the checks that decide whether a mail can become
// (part of) a ticket or must be parked with a reason: no parseable sender, oversized, no Message-ID,
// no text. Parking keeps the mail in the mailbox for an operator; nothing is half-written.
import { SERVICE_DESK_LIMITS } from '@crm/service-desk-domain';

/** One mail as a mailbox adapter delivers it (headers already decoded). */
export interface RawInboundMail {
  /** The mailbox's own id of the mail (to acknowledge or park it). */
  readonly sourceId: string;
  readonly messageId: string | undefined;
  readonly fromAddress: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly sizeBytes: number;
}

export interface InboundMail {
  readonly sourceId: string;
  /** RFC 5322 Message-ID with its angle brackets, e.g. `<abc@example.com>`. */
  readonly messageId: string;
  readonly fromAddress: string;
  readonly subject: string;
  readonly text: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
}

export type ParkReason = 'NO_SENDER' | 'OVERSIZED' | 'NO_MESSAGE_ID' | 'EMPTY';

export type CheckedMail =
  | { readonly ok: true; readonly mail: InboundMail }
  | { readonly ok: false; readonly reason: ParkReason };

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** `<id>` whatever form the header had (`id`, `<id>`, with spaces). */
export function normaliseMessageId(value: string): string {
  const bare = value.trim().replace(/^<|>$/g, '').trim();
  return bare ? `<${bare}>` : '';
}

export function checkInboundMail(raw: RawInboundMail): CheckedMail {
  if (raw.sizeBytes > SERVICE_DESK_LIMITS.inboundMailBytes)
    return { ok: false, reason: 'OVERSIZED' };
  const from = (raw.fromAddress ?? '').trim().toLowerCase();
  if (!ADDRESS.test(from)) return { ok: false, reason: 'NO_SENDER' };
  const messageId = normaliseMessageId(raw.messageId ?? '');
  if (!messageId || messageId.length > 998) return { ok: false, reason: 'NO_MESSAGE_ID' };
  const subject = raw.subject.trim().slice(0, SERVICE_DESK_LIMITS.subject) || '(no subject)';
  const text = raw.text.trim().slice(0, SERVICE_DESK_LIMITS.body);
  if (!text) return { ok: false, reason: 'EMPTY' };
  const inReplyTo = raw.inReplyTo.map(normaliseMessageId).find(Boolean);
  return {
    ok: true,
    mail: {
      sourceId: raw.sourceId,
      messageId,
      fromAddress: from,
      subject,
      text,
      ...(inReplyTo !== undefined && { inReplyTo }),
      references: raw.references
        .flatMap((r) => r.split(/\s+/))
        .map(normaliseMessageId)
        .filter(Boolean)
        .slice(-100),
    },
  };
}
