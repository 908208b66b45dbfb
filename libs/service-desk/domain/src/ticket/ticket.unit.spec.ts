// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  ComplaintAnalysisMissingError,
  MergeCustomerMismatchError,
  MergeTargetNotOpenError,
  NotAComplaintError,
  ReopenWindowExpiredError,
  SurveyAlreadyAnsweredError,
  SurveyInvalidError,
  TicketAlreadyOpenedError,
  TicketClosedError,
  TicketMergedError,
  TicketNotFoundError,
  TicketTransitionError,
} from '../errors';
import { milestoneClockAt } from '../sla/sla-clock';
import { standardPolicy } from '../testing/sla-fixtures';
import { TICKET_ID, assigned, openTicket, opened, statusChanged } from '../testing/ticket-fixtures';
import type { TicketEvent } from './ticket.events';
import { ticketDecider } from './ticket.decider';
import { isExisting } from './ticket.state';

const spec = deciderSpec(ticketDecider);
// Monday 7 December 2026 in Paris (UTC+1).
const MON_0900 = '2026-12-07T08:00:00.000Z';
const MON_0930 = '2026-12-07T08:30:00.000Z';
const MON_1000 = '2026-12-07T09:00:00.000Z';
const TUE_1000 = '2026-12-08T09:00:00.000Z';
const ticketId = TICKET_ID;

function fold(events: readonly TicketEvent[]) {
  const state = events.reduce(ticketDecider.evolve, ticketDecider.initialState);
  if (!isExisting(state)) throw new Error('no ticket');
  return state;
}

const replied = (at: string): TicketEvent => ({
  type: 'service-desk.AgentReplied',
  data: { ticketId, at, agentId: 'agent-1', body: 'On it', dataSubjectId: ticketId },
});
const resolved = (at: string): TicketEvent => ({
  type: 'service-desk.TicketResolved',
  data: { ticketId, at, resolution: 'Replaced' },
});

describe('opening a ticket', () => {
  it('opens it as new under the matched policy', () => {
    spec.given([]).when(openTicket(MON_0900)).then(opened(MON_0900));
  });

  it('refuses to open the same ticket twice, and commands on a ticket that does not exist', () => {
    spec.given(opened(MON_0900)).when(openTicket(MON_0900)).thenThrows(TicketAlreadyOpenedError);
    spec
      .given([])
      .when({ type: 'AssignTicket', data: { ticketId, at: MON_0900, agentId: 'a' } })
      .thenThrows(TicketNotFoundError);
  });
});

describe('the status machine', () => {
  it('assigning a new ticket makes it assigned; replying puts it in progress', () => {
    spec
      .given(opened(MON_0900))
      .when({ type: 'AssignTicket', data: { ticketId, at: MON_0930, agentId: 'agent-1' } })
      .then(assigned(MON_0930));
    spec
      .given([...opened(MON_0900), ...assigned(MON_0900)])
      .when({
        type: 'ReplyToCustomer',
        data: {
          ticketId,
          at: MON_0930,
          agentId: 'agent-1',
          body: 'On it',
        },
      })
      .then([replied(MON_0930), statusChanged(MON_0930, 'assigned', 'in_progress')]);
  });

  it('in progress ⇄ waiting on customer; the customer answering brings it back', () => {
    const working = [
      ...opened(MON_0900),
      ...assigned(MON_0900),
      statusChanged(MON_0900, 'assigned', 'in_progress'),
    ];
    spec
      .given(working)
      .when({
        type: 'SetTicketStatus',
        data: { ticketId, at: MON_0930, status: 'waiting_on_customer' },
      })
      .then([statusChanged(MON_0930, 'in_progress', 'waiting_on_customer')]);
    spec
      .given([...working, statusChanged(MON_0930, 'in_progress', 'waiting_on_customer')])
      .when({
        type: 'ReceiveCustomerMessage',
        data: { ticketId, at: MON_1000, body: 'Here it is', reopenWindowDays: 7 },
      })
      .then([
        {
          type: 'service-desk.CustomerMessageReceived',
          data: { ticketId, at: MON_1000, body: 'Here it is', dataSubjectId: ticketId },
        },
        statusChanged(MON_1000, 'waiting_on_customer', 'in_progress'),
      ]);
  });

  it('cannot set a working status on a new ticket, close an unresolved one, or touch a closed one', () => {
    spec
      .given(opened(MON_0900))
      .when({ type: 'SetTicketStatus', data: { ticketId, at: MON_0930, status: 'in_progress' } })
      .thenThrows(TicketTransitionError);
    spec
      .given([...opened(MON_0900), ...assigned(MON_0900)])
      .when({ type: 'CloseTicket', data: { ticketId, at: MON_0930 } })
      .thenThrows(TicketTransitionError);
    const closed: TicketEvent[] = [
      ...opened(MON_0900),
      ...assigned(MON_0900),
      resolved(MON_0930),
      { type: 'service-desk.TicketClosed', data: { ticketId, at: MON_1000 } },
    ];
    spec
      .given(closed)
      .when({
        type: 'ReceiveCustomerMessage',
        data: { ticketId, at: TUE_1000, body: 'again', reopenWindowDays: 7 },
      })
      .thenThrows(TicketClosedError);
  });

  it('reopens within the window and not after it', () => {
    const done = [...opened(MON_0900), ...assigned(MON_0900), resolved(MON_0930)];
    spec
      .given(done)
      .when({ type: 'ReopenTicket', data: { ticketId, at: TUE_1000, reopenWindowDays: 7 } })
      .then([{ type: 'service-desk.TicketReopened', data: { ticketId, at: TUE_1000 } }]);
    spec
      .given(done)
      .when({
        type: 'ReopenTicket',
        data: { ticketId, at: '2026-12-20T09:00:00.000Z', reopenWindowDays: 7 },
      })
      .thenThrows(ReopenWindowExpiredError);
  });

  it('a repeated delivery of the same mail changes nothing', () => {
    const mail = { messageId: '<m1@example.com>' };
    spec
      .given(opened(MON_0900, { mail }))
      .when({
        type: 'ReceiveCustomerMessage',
        data: { ticketId, at: MON_0930, body: 'x', mail, reopenWindowDays: 7 },
      })
      .thenNothingHappened();
  });
});

describe('notes and replies', () => {
  it('an internal note is recorded apart from public replies and does not meet the first response', () => {
    const note: TicketEvent = {
      type: 'service-desk.InternalNoteAdded',
      data: { ticketId, at: MON_0930, agentId: 'agent-1', body: 'VIP', dataSubjectId: ticketId },
    };
    spec
      .given(opened(MON_0900))
      .when({
        type: 'AddInternalNote',
        data: { ticketId, at: MON_0930, agentId: 'agent-1', body: 'VIP' },
      })
      .then([note]);
    const ticket = fold([...opened(MON_0900), note]);
    expect(milestoneClockAt(ticket.sla, 'firstResponse', Date.parse(MON_1000))?.state).toBe(
      'running',
    );
    const answered = fold([...opened(MON_0900), note, replied(MON_0930)]);
    expect(milestoneClockAt(answered.sla, 'firstResponse', Date.parse(MON_1000))?.state).toBe(
      'met',
    );
  });

  it('a customer message after the first response starts the next-response clock', () => {
    const ticket = fold([
      ...opened(MON_0900),
      replied(MON_0930),
      {
        type: 'service-desk.CustomerMessageReceived',
        data: { ticketId, at: MON_1000, body: 'Still broken', dataSubjectId: ticketId },
      },
    ]);
    expect(ticket.sla.milestones.nextResponse).toEqual({ startedAt: Date.parse(MON_1000) });
  });
});

describe('complaints', () => {
  const complaint = [...opened(MON_0900, { type: 'complaint' }), ...assigned(MON_0900)];

  it('cannot be resolved without a root cause and a remedy', () => {
    spec
      .given(complaint)
      .when({ type: 'ResolveTicket', data: { ticketId, at: MON_1000, resolution: 'done' } })
      .thenThrows(ComplaintAnalysisMissingError, (error) =>
        expect(error.missing).toEqual(['rootCause', 'remedy']),
      );
  });

  it('is resolved once analysed', () => {
    const analysed: TicketEvent = {
      type: 'service-desk.ComplaintAnalysed',
      data: { ticketId, at: MON_0930, rootCause: 'Packaging', remedy: 'Replacement sent' },
    };
    spec
      .given(complaint)
      .when({
        type: 'RecordComplaintAnalysis',
        data: { ticketId, at: MON_0930, rootCause: 'Packaging', remedy: 'Replacement sent' },
      })
      .then([analysed]);
    spec
      .given([...complaint, analysed])
      .when({ type: 'ResolveTicket', data: { ticketId, at: MON_1000, resolution: 'Replaced' } })
      .then([
        {
          type: 'service-desk.TicketResolved',
          data: { ticketId, at: MON_1000, resolution: 'Replaced' },
        },
      ]);
  });

  it('root cause analysis is for complaints only', () => {
    spec
      .given([...opened(MON_0900), ...assigned(MON_0900)])
      .when({
        type: 'RecordComplaintAnalysis',
        data: { ticketId, at: MON_0930, rootCause: 'x', remedy: 'y' },
      })
      .thenThrows(NotAComplaintError);
  });
});

describe('SLA checks from timers', () => {
  const urgent = standardPolicy({
    policyId: 'urgent',
    targets: { firstResponse: 60, resolution: 120 },
    warnAtPercent: 50,
  });
  const history = [...opened(MON_0900, {}, urgent), ...assigned(MON_0900), replied(MON_0930)];

  it('first response met: a check of it records nothing', () => {
    spec
      .given(history)
      .when({ type: 'CheckSla', data: { ticketId, at: TUE_1000, milestone: 'firstResponse' } })
      .thenNothingHappened();
  });

  it('resolution breached: recorded once, with the instant it breached', () => {
    const breach: TicketEvent = {
      type: 'service-desk.SlaBreached',
      data: {
        ticketId,
        at: TUE_1000,
        milestone: 'resolution',
        breachedAt: '2026-12-07T10:00:00.000Z',
        cycleStartedAt: MON_0900,
      },
    };
    spec
      .given(history)
      .when({ type: 'CheckSla', data: { ticketId, at: TUE_1000, milestone: 'resolution' } })
      .then([breach]);
    spec
      .given([...history, breach])
      .when({ type: 'CheckSla', data: { ticketId, at: TUE_1000, milestone: 'resolution' } })
      .thenNothingHappened();
  });

  it('warns at the configured share, and not before', () => {
    spec
      .given(history)
      .when({ type: 'CheckSla', data: { ticketId, at: MON_0930, milestone: 'resolution' } })
      .thenNothingHappened();
    spec
      .given(history)
      .when({ type: 'CheckSla', data: { ticketId, at: MON_1000, milestone: 'resolution' } })
      .then([
        {
          type: 'service-desk.SlaWarningReached',
          data: {
            ticketId,
            at: MON_1000,
            milestone: 'resolution',
            dueAt: '2026-12-07T10:00:00.000Z',
            cycleStartedAt: MON_0900,
          },
        },
      ]);
  });

  it('a priority change applies the new policy and keeps the time used', () => {
    const slow = standardPolicy({ policyId: 'slow', targets: { resolution: 16 * 60 } });
    const events = [
      ...history,
      {
        type: 'service-desk.TicketPriorityChanged',
        data: { ticketId, at: MON_1000, priority: 'low' },
      },
      {
        type: 'service-desk.SlaPolicyApplied',
        data: { ticketId, at: MON_1000, policy: slow, reason: 'priority_changed' },
      },
    ] as TicketEvent[];
    spec
      .given(history)
      .when({
        type: 'ChangePriority',
        data: { ticketId, at: MON_1000, priority: 'low', policy: slow },
      })
      .then(events.slice(history.length));
    const clock = milestoneClockAt(fold(events).sla, 'resolution', Date.parse(MON_1000));
    expect(clock).toMatchObject({ state: 'running', policyId: 'slow', usedMs: 3_600_000 });
  });
});

describe('the satisfaction survey of a resolution', () => {
  const history = (): TicketEvent[] => [
    ...opened(MON_0900),
    ...assigned(MON_0930, 'agent-1', 'desk-a'),
    resolved(MON_1000),
  ];
  const answer = (score: number, surveyId = MON_1000) => ({
    type: 'AnswerCsatSurvey' as const,
    data: { ticketId, at: TUE_1000, surveyId, score, comment: 'Quick, thanks' },
  });

  it('records the score for the agent and team who held the ticket', () => {
    spec
      .given(history())
      .when(answer(5))
      .then([
        {
          type: 'service-desk.CsatAnswered',
          data: {
            ticketId,
            at: TUE_1000,
            surveyId: MON_1000,
            score: 5,
            comment: 'Quick, thanks',
            dataSubjectId: ticketId,
            agentId: 'agent-1',
            teamId: 'desk-a',
          },
        },
      ]);
  });

  it('takes the same click twice as one answer and refuses a second, different score', () => {
    const answered: TicketEvent = {
      type: 'service-desk.CsatAnswered',
      data: { ticketId, at: TUE_1000, surveyId: MON_1000, score: 5, dataSubjectId: ticketId },
    };
    spec
      .given([...history(), answered])
      .when(answer(5))
      .then([]);
    spec
      .given([...history(), answered])
      .when(answer(1))
      .thenThrows(SurveyAlreadyAnsweredError);
  });

  it('refuses a survey for a resolution the ticket never had', () => {
    spec.given(history()).when(answer(4, MON_0930)).thenThrows(SurveyInvalidError);
    spec.given(opened(MON_0900)).when(answer(4)).thenThrows(SurveyInvalidError);
  });
});

describe('the escalation ladder of a breached milestone', () => {
  const ladder = standardPolicy({
    targets: { firstResponse: 60 },
    escalation: [
      { afterMinutes: 0, notify: ['assignee', 'team_lead'] },
      { afterMinutes: 30, reassignTo: { agentId: 'agent-2', teamId: 'team-b' } },
      { afterMinutes: 60, raisePriority: true },
    ],
  });
  const high = standardPolicy({ policyId: 'high', targets: { firstResponse: 30 } });
  // First response due Monday 10:00 Paris (09:00Z).
  const breach: TicketEvent = {
    type: 'service-desk.SlaBreached',
    data: {
      ticketId,
      at: '2026-12-07T09:01:00.000Z',
      milestone: 'firstResponse',
      breachedAt: MON_1000,
      cycleStartedAt: MON_0900,
    },
  };
  const history = [...opened(MON_0900, {}, ladder), ...assigned(MON_0900, 'agent-1', 'team-a')];
  const escalate = (at: string) =>
    ({
      type: 'EscalateSla',
      data: { ticketId, at, milestone: 'firstResponse', raisedPolicy: high },
    }) as const;
  const level = (at: string, n: number, extra: object = {}): TicketEvent => ({
    type: 'service-desk.SlaEscalated',
    data: {
      ticketId,
      at,
      milestone: 'firstResponse',
      level: n,
      cycleStartedAt: MON_0900,
      notify: [],
      ...extra,
    },
  });

  it('does nothing before the breach is recorded', () => {
    spec.given(history).when(escalate('2026-12-07T09:05:00.000Z')).thenNothingHappened();
  });

  it('notifies at the breach, reassigns 30 minutes later, then raises the priority under its policy', () => {
    const at1 = '2026-12-07T09:02:00.000Z';
    const level1 = level(at1, 1, {
      notify: ['assignee', 'team_lead'],
      agentId: 'agent-1',
      teamId: 'team-a',
    });
    spec
      .given([...history, breach])
      .when(escalate(at1))
      .then([level1]);
    // Level 2 is due at 10:30 Paris: not at 10:20.
    spec
      .given([...history, breach, level1])
      .when(escalate('2026-12-07T09:20:00.000Z'))
      .thenNothingHappened();
    const at2 = '2026-12-07T09:31:00.000Z';
    const reassign = { agentId: 'agent-2', teamId: 'team-b' };
    const level2 = level(at2, 2, { agentId: 'agent-1', teamId: 'team-a', reassignedTo: reassign });
    const moved: TicketEvent = {
      type: 'service-desk.TicketAssigned',
      data: { ticketId, at: at2, ...reassign },
    };
    spec
      .given([...history, breach, level1])
      .when(escalate(at2))
      .then([level2, moved]);
    const at3 = '2026-12-07T10:00:00.000Z';
    spec
      .given([...history, breach, level1, level2, moved])
      .when(escalate(at3))
      .then([
        level(at3, 3, { agentId: 'agent-2', teamId: 'team-b', priorityRaisedTo: 'high' }),
        {
          type: 'service-desk.TicketPriorityChanged',
          data: { ticketId, at: at3, priority: 'high' },
        },
        {
          type: 'service-desk.SlaPolicyApplied',
          data: { ticketId, at: at3, policy: high, reason: 'priority_changed' },
        },
      ]);
  });

  it('stops once the milestone is met', () => {
    spec
      .given([...history, breach, replied('2026-12-07T09:10:00.000Z')])
      .when(escalate('2026-12-07T09:40:00.000Z'))
      .thenNothingHappened();
  });

  it('refuses a ladder that is out of order or has a level doing nothing', () => {
    expect(() =>
      standardPolicy({
        escalation: [{ afterMinutes: 30, notify: ['assignee'] }, { afterMinutes: 10 }],
      }),
    ).toThrow('2 invalid fields: escalation[1].afterMinutes, escalation[1]');
    expect(() =>
      standardPolicy({ escalation: [{ afterMinutes: 0, notify: ['boss' as 'assignee'] }] }),
    ).toThrow(/assignee, team_lead or agent/);
  });
});

describe('merging duplicate tickets', () => {
  const absorb = (over: object = {}) =>
    ({
      type: 'AbsorbDuplicate',
      data: {
        ticketId,
        at: MON_1000,
        duplicateTicketId: 'T-2',
        messageIds: ['<dup@example.com>'],
        customerId: 'c-1',
        tags: ['vase'],
        ...over,
      },
    }) as const;

  it('the survivor takes the thread, the customer it lacked and the tags, once', () => {
    const merged: TicketEvent = {
      type: 'service-desk.DuplicateTicketMerged',
      data: {
        ticketId,
        at: MON_1000,
        duplicateTicketId: 'T-2',
        messageIds: ['<dup@example.com>'],
        customerId: 'c-1',
        tags: ['delivery', 'vase'],
      },
    };
    spec
      .given(opened(MON_0900, { tags: ['delivery'] }))
      .when(absorb())
      .then([merged]);
    spec
      .given([...opened(MON_0900, { tags: ['delivery'] }), merged])
      .when(absorb())
      .thenNothingHappened();
    // A reply to the duplicate's thread is now a repeat of a message this ticket knows.
    spec
      .given([...opened(MON_0900), merged])
      .when({
        type: 'ReceiveCustomerMessage',
        data: {
          ticketId,
          at: MON_1000,
          body: 'again',
          mail: { messageId: '<dup@example.com>' },
          reopenWindowDays: 7,
        },
      })
      .thenNothingHappened();
  });

  it('refuses a survivor that is not open or belongs to another customer', () => {
    spec
      .given([...opened(MON_0900), ...assigned(MON_0900), resolved(MON_0930)])
      .when(absorb())
      .thenThrows(MergeTargetNotOpenError);
    spec
      .given(opened(MON_0900, { customerId: 'c-9' }))
      .when(absorb())
      .thenThrows(MergeCustomerMismatchError);
  });

  it('the duplicate closes pointing at the survivor; mail for it is redirected', () => {
    const merged: TicketEvent = {
      type: 'service-desk.TicketMerged',
      data: { ticketId, at: MON_1000, intoTicketId: 'T-9' },
    };
    const merge = {
      type: 'MergeIntoTicket',
      data: { ticketId, at: MON_1000, intoTicketId: 'T-9' },
    } as const;
    spec.given(opened(MON_0900)).when(merge).then([merged]);
    spec
      .given([...opened(MON_0900), merged])
      .when(merge)
      .thenNothingHappened();
    expect(fold([...opened(MON_0900), merged])).toMatchObject({
      status: 'closed',
      mergedInto: 'T-9',
    });
    spec
      .given([...opened(MON_0900), merged])
      .when({
        type: 'ReceiveCustomerMessage',
        data: { ticketId, at: TUE_1000, body: 'hello?', reopenWindowDays: 7 },
      })
      .thenThrows(TicketMergedError);
    spec
      .given([...opened(MON_0900), merged])
      .when({ ...merge, data: { ...merge.data, intoTicketId: 'T-8' } })
      .thenThrows(TicketClosedError);
  });
});

describe('the automatic reply recorded', () => {
  it('once per ticket, with the articles that went out', () => {
    const data = {
      ticketId,
      at: MON_0930,
      articles: [{ articleId: 'kb-1', locale: 'en' }],
      messageId: `<ticket-${ticketId}.e1@desk.example>`,
    };
    spec
      .given(opened(MON_0900))
      .when({ type: 'RecordAutoReply', data })
      .then([{ type: 'service-desk.AutoReplySent', data }]);
    spec
      .given([...opened(MON_0900), { type: 'service-desk.AutoReplySent', data }])
      .when({ type: 'RecordAutoReply', data: { ...data, at: MON_1000 } })
      .thenNothingHappened();
    spec.given([]).when({ type: 'RecordAutoReply', data }).thenThrows(TicketNotFoundError);
  });
});
