// Merging duplicate tickets through gRPC against the real store: the survivor takes the duplicate's
// thread, customer and tags, the duplicate is closed pointing at it; refusals are typed and write
// nothing.
import {
  agent,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: ServiceDeskTestService;
beforeAll(async () => {
  t = await startServiceDeskTestService('desk-merge');
});
afterAll(async () => {
  await t?.stop();
});

const open = async (subject: string, extra: object = {}) =>
  (
    await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_WEB_FORM',
      subject,
      body: 'The vase arrived broken.',
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      ...extra,
    })
  ).createdId as string;

const eventsOf = async (ticketId: string) =>
  (await t.events())
    .filter((e) => e.stream_id === `service-desk.Ticket-${ticketId}`)
    .map((e) => ({ type: e.type, data: e.data }));

describe('merging duplicate tickets', () => {
  it('moves thread, customer and tags to the survivor and closes the duplicate', async () => {
    const survivor = await open('Broken vase', { tags: ['vase'] });
    const duplicate = await open('Vase broken!', { tags: ['urgent'], customerId: 'c-1' });
    await t.call('MergeTickets', { ctx: ctx(), ticketId: duplicate, intoTicketId: survivor });

    expect((await eventsOf(survivor)).at(-1)).toEqual({
      type: 'service-desk.DuplicateTicketMerged',
      data: expect.objectContaining({
        duplicateTicketId: duplicate,
        customerId: 'c-1',
        tags: ['vase', 'urgent'],
      }),
    });
    expect((await eventsOf(duplicate)).at(-1)).toEqual({
      type: 'service-desk.TicketMerged',
      data: expect.objectContaining({ intoTicketId: survivor }),
    });
    // Asking again completes nothing more.
    const before = await t.eventCount();
    await t.call('MergeTickets', { ctx: ctx(), ticketId: duplicate, intoTicketId: survivor });
    expect(await t.eventCount()).toBe(before);
  });

  it('refuses with a typed error and writes nothing', async () => {
    const a = await open('First', { customerId: 'c-1' });
    const b = await open('Second', { customerId: 'c-2' });
    const resolved = await open('Done already');
    await t.call('AssignTicket', { ctx: ctx(), ticketId: resolved, agentId: 'agent-1' });
    await t.call('ResolveTicket', { ctx: ctx(), ticketId: resolved, resolution: 'Done' });
    const before = await t.eventCount();
    const codeOf = async (ticketId: string, intoTicketId: string, as?: object) =>
      (await t.fail('MergeTickets', { ctx: ctx(), ticketId, intoTicketId }, as)).detail.code;

    expect(await codeOf(a, a)).toBe('MERGE_INTO_ITSELF');
    expect(await codeOf(a, b)).toBe('MERGE_CUSTOMER_MISMATCH');
    expect(await codeOf(a, resolved)).toBe('MERGE_TARGET_NOT_OPEN');
    expect(await codeOf(a, 'T-nope')).toBe('TICKET_NOT_FOUND');
    // An agent may not merge into a ticket assigned to someone else (out of scope: not found).
    expect(await codeOf(a, resolved, agent('agent-2'))).toBe('TICKET_NOT_FOUND');
    expect(await t.eventCount()).toBe(before);
  });

  it('reads the conversation of a ticket with its merged duplicate, bodies decrypted', async () => {
    t.clock.set('2026-12-08T08:00:00.000Z');
    const survivor = await open('Broken vase');
    t.clock.set('2026-12-08T08:05:00.000Z');
    const duplicate = await open('Vase broken again');
    await t.call('AssignTicket', { ctx: ctx(), ticketId: survivor, agentId: 'agent-1' });
    t.clock.set('2026-12-08T08:10:00.000Z');
    await t.call(
      'ReplyToCustomer',
      { ctx: ctx(), ticketId: survivor, body: 'A new vase is on its way.' },
      agent('agent-1'),
    );
    await t.call(
      'AddInternalNote',
      { ctx: ctx(), ticketId: survivor, body: 'Second complaint this month.' },
      agent('agent-1'),
    );
    await t.call('MergeTickets', { ctx: ctx(), ticketId: duplicate, intoTicketId: survivor });
    const conversation = await t.call('GetTicketConversation', { ctx: ctx(), ticketId: survivor });
    expect(conversation['status']).toBe('in_progress');
    expect(
      (
        conversation['entries'] as {
          kind: string;
          authorId: string;
          body: string;
          ticketId: string;
        }[]
      ).map((e) => [
        e.kind,
        e.authorId,
        e.body,
        e.ticketId === survivor ? 'survivor' : 'duplicate',
      ]),
    ).toEqual([
      ['customer', '', 'The vase arrived broken.', 'survivor'],
      ['customer', '', 'The vase arrived broken.', 'duplicate'],
      ['reply', 'agent-1', 'A new vase is on its way.', 'survivor'],
      ['note', 'agent-1', 'Second complaint this month.', 'survivor'],
    ]);
    // Another agent does not see a ticket assigned to agent-1.
    const refused = await t.fail(
      'GetTicketConversation',
      { ctx: ctx(), ticketId: survivor },
      agent('agent-2'),
    );
    expect(refused.detail.code).toBe('TICKET_NOT_FOUND');
  });
});
