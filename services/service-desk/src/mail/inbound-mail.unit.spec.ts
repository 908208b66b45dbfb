import { SERVICE_DESK_LIMITS } from '@crm/service-desk-domain';
import { checkInboundMail, type RawInboundMail } from './inbound-mail';
import { candidateTickets, replyMessageId, ticketIdForMessage } from './mail-threading';

const raw = (overrides: Partial<RawInboundMail> = {}): RawInboundMail => ({
  sourceId: 'm1',
  messageId: 'abc@example.com',
  fromAddress: 'Ada@Example.com',
  subject: 'Broken vase',
  text: 'It arrived broken.',
  inReplyTo: [],
  references: [],
  sizeBytes: 1000,
  ...overrides,
});

describe('inbound mail checks', () => {
  it('accepts a mail, normalising its ids and sender', () => {
    expect(checkInboundMail(raw({ references: ['<a@x> <b@x>'] }))).toEqual({
      ok: true,
      mail: {
        sourceId: 'm1',
        messageId: '<abc@example.com>',
        fromAddress: 'ada@example.com',
        subject: 'Broken vase',
        text: 'It arrived broken.',
        references: ['<a@x>', '<b@x>'],
      },
    });
  });

  it('parks mail without a parseable sender, oversized, without Message-ID or text', () => {
    expect(checkInboundMail(raw({ fromAddress: undefined }))).toEqual({
      ok: false,
      reason: 'NO_SENDER',
    });
    expect(checkInboundMail(raw({ fromAddress: 'not an address' }))).toEqual({
      ok: false,
      reason: 'NO_SENDER',
    });
    expect(checkInboundMail(raw({ sizeBytes: SERVICE_DESK_LIMITS.inboundMailBytes + 1 }))).toEqual({
      ok: false,
      reason: 'OVERSIZED',
    });
    expect(checkInboundMail(raw({ messageId: ' <> ' }))).toEqual({
      ok: false,
      reason: 'NO_MESSAGE_ID',
    });
    expect(checkInboundMail(raw({ text: '  ' }))).toEqual({ ok: false, reason: 'EMPTY' });
  });
});

describe('mail threading', () => {
  const ticket = ticketIdForMessage('t1', '<root@example.com>');

  it('finds the ticket of one of our replies first, then the tickets opened by the mails answered', () => {
    const ours = replyMessageId('0190a000-0000-7000-8000-000000000001', 'e1', 'desk.test');
    expect(
      candidateTickets('t1', { inReplyTo: ours, references: ['<root@example.com>', ours] }),
    ).toEqual(['0190a000-0000-7000-8000-000000000001', ticket]);
  });

  it('derives a stable ticket id per tenant and Message-ID', () => {
    expect(ticketIdForMessage('t1', '<root@example.com>')).toBe(ticket);
    expect(ticketIdForMessage('t2', '<root@example.com>')).not.toBe(ticket);
  });
});
