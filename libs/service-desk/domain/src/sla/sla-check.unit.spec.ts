import { standardPolicy } from '../testing/sla-fixtures';
import { opened, TICKET_ID } from '../testing/ticket-fixtures';
import { ticketDecider } from '../ticket/ticket.decider';
import type { TicketEvent } from '../ticket/ticket.events';
import { isExisting } from '../ticket/ticket.state';
import { nextSlaCheck } from './sla-check';

const MON_0900 = '2026-12-07T08:00:00.000Z';
const policy = standardPolicy({
  targets: { firstResponse: 60, resolution: 120 },
  warnAtPercent: 50,
});
const fold = (events: readonly TicketEvent[]) => {
  const state = events.reduce(ticketDecider.evolve, ticketDecider.initialState);
  if (!isExisting(state)) throw new Error('no ticket');
  return state;
};
const at = (iso: string) => Date.parse(iso);

describe('next SLA check', () => {
  const history = opened(MON_0900, {}, policy);

  it('is the warning first, then the breach once the warning is recorded', () => {
    expect(nextSlaCheck(fold(history), 'firstResponse', at(MON_0900))).toBe(
      at('2026-12-07T08:30:00.000Z'),
    );
    const warned: TicketEvent = {
      type: 'service-desk.SlaWarningReached',
      data: {
        ticketId: TICKET_ID,
        at: '2026-12-07T08:30:00.000Z',
        milestone: 'firstResponse',
        dueAt: '2026-12-07T09:00:00.000Z',
        cycleStartedAt: MON_0900,
      },
    };
    expect(
      nextSlaCheck(fold([...history, warned]), 'firstResponse', at('2026-12-07T08:30:00.000Z')),
    ).toBe(at('2026-12-07T09:00:00.000Z'));
  });

  it('is now for an unreported breach, and nothing once the milestone is met', () => {
    expect(nextSlaCheck(fold(history), 'firstResponse', at('2026-12-07T10:00:00.000Z'))).toBe(
      at('2026-12-07T10:00:00.000Z'),
    );
    const replied: TicketEvent = {
      type: 'service-desk.AgentReplied',
      data: {
        ticketId: TICKET_ID,
        at: '2026-12-07T08:10:00.000Z',
        agentId: 'a',
        body: 'hi',
        dataSubjectId: TICKET_ID,
      },
    };
    expect(
      nextSlaCheck(fold([...history, replied]), 'firstResponse', at('2026-12-07T08:10:00.000Z')),
    ).toBeUndefined();
  });
});
