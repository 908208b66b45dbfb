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
});
