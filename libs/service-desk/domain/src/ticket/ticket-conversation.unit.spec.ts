import { opened } from '../testing/ticket-fixtures';
import { conversationOf, mergeConversations } from './ticket-conversation';
import type { TicketEvent } from './ticket.events';

const at = (hh: string) => `2026-12-07T${hh}:00:00.000Z`;

describe('a ticket conversation', () => {
  it('lists the opening message, replies, notes and customer messages in order', () => {
    const events: TicketEvent[] = [
      ...opened(at('08')),
      {
        type: 'service-desk.AgentReplied',
        data: {
          ticketId: 'T-1',
          at: at('09'),
          agentId: 'a-1',
          body: 'On it',
          dataSubjectId: 'T-1',
        },
      },
      {
        type: 'service-desk.InternalNoteAdded',
        data: { ticketId: 'T-1', at: at('10'), agentId: 'a-1', body: 'VIP', dataSubjectId: 'T-1' },
      },
      {
        type: 'service-desk.CustomerMessageReceived',
        data: {
          ticketId: 'T-1',
          at: at('11'),
          body: { $erased: true } as unknown as string,
          dataSubjectId: 'T-1',
        },
      },
    ];
    expect(conversationOf(events).map((e) => [e.kind, e.authorId, e.body])).toEqual([
      ['customer', '', 'The vase was in pieces.'],
      ['reply', 'a-1', 'On it'],
      ['note', 'a-1', 'VIP'],
      ['customer', '', '[erased]'],
    ]);
  });

  it('interleaves a merged duplicate by time, each entry naming its ticket', () => {
    const a = { kind: 'customer' as const, authorId: '', body: 'a', at: at('08'), ticketId: 'T-1' };
    const b = { ...a, body: 'b', at: at('07'), ticketId: 'T-2' };
    expect(mergeConversations([[a], [b]]).map((e) => e.ticketId)).toEqual(['T-2', 'T-1']);
  });
});
