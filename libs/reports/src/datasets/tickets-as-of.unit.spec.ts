// Tickets as of an instant, from the dated facts of the queue read model and the reports context's
// ticket history: a ticket resolved after the instant was open then (and in the backlog, aged at
// the instant), a breach after the instant had not happened, the priority and assignee are those of
// then. Expected figures are counted by hand here.
import { DATASETS } from './catalogue';
import { validateReport } from '../definition/report-definition';
import { aggregateReport } from '../engine/aggregate-report';
import { standardReport } from '../packs/standard-packs';
import type { TicketFact } from '../read-models/report-read-models';
import { ticketThen } from './ticket-history';

const NOW = new Date('2026-06-30T12:00:00Z');
const AS_OF = '2026-06-10T00:00:00Z';

const tickets = [
  // Opened 06-01, resolved 06-05 (before the instant), no breach.
  {
    _id: 'a',
    tenantId: 't',
    channel: 'email',
    status: 'closed',
    openedAt: '2026-06-01T00:00:00Z',
    resolvedAt: '2026-06-05T00:00:00Z',
    slaPolicyId: 'p',
    sla: { resolution: { dueAt: '2026-06-04T00:00:00Z', breachedAt: '2026-06-04T00:00:00Z' } },
  },
  // Opened 06-08, resolved 06-20 (after): open and 1-3 days old at the instant; breach on 06-15.
  {
    _id: 'b',
    tenantId: 't',
    channel: 'email',
    status: 'resolved',
    openedAt: '2026-06-08T00:00:00Z',
    resolvedAt: '2026-06-20T00:00:00Z',
    slaPolicyId: 'p',
    sla: { firstResponse: { breachedAt: '2026-06-15T00:00:00Z' } },
  },
  // Opened 06-02, still open, no policy.
  { _id: 'c', tenantId: 't', channel: 'web', status: 'open', openedAt: '2026-06-02T00:00:00Z' },
];

const run = (name: string, asOf?: string) =>
  aggregateReport(
    validateReport(standardReport('serviceDesk', name, asOf ? { asOf } : {}), DATASETS, NOW),
    tickets,
  );

describe('tickets as of an instant', () => {
  it('counts SLA met and resolution as they stood', () => {
    // Today: a breached, b breached → 0 of 2 met; resolution hours a 96, b 288.
    expect(run('slaByChannel').totals).toEqual([3, 0, 96, 288]);
    // On 06-10: a breached (06-04), b not yet (06-15) → 1 of 2 met = 50 %; only a resolved.
    expect(run('slaByChannel', AS_OF).rows).toEqual([
      { dimensions: ['email'], values: [2, 50, 96, 96] },
      { dimensions: ['web'], values: [1, null, null, null] },
    ]);
  });

  it('ages the backlog at the instant', () => {
    // At 06-10: a done; b opened 2 days before (1-3d); c opened 8 days before (7-30d).
    expect(run('backlogByAge', AS_OF).rows).toEqual([
      { dimensions: ['1-3d'], values: [1] },
      { dimensions: ['7-30d'], values: [1] },
      { dimensions: ['done'], values: [1] },
    ]);
    // Today: a and b done, c 28 days old.
    expect(run('backlogByAge').rows).toEqual([
      { dimensions: ['7-30d'], values: [1] },
      { dimensions: ['done'], values: [2] },
    ]);
  });

  it('reads priority, assignee and resolution of then from the ticket history', () => {
    const facts: Record<string, TicketFact> = {
      1: { kind: 'opened', at: '2026-06-01T00:00:00Z', priority: 'normal' },
      2: { kind: 'assigned', at: '2026-06-01T01:00:00Z', assigneeId: 'ann', teamId: 'desk' },
      3: { kind: 'replied', at: '2026-06-01T02:00:00Z', agentId: 'ann' },
      4: { kind: 'resolved', at: '2026-06-03T00:00:00Z' },
      5: { kind: 'reopened', at: '2026-06-12T00:00:00Z' },
      6: { kind: 'priority', at: '2026-06-12T00:00:00Z', priority: 'urgent' },
      7: { kind: 'assigned', at: '2026-06-12T01:00:00Z', assigneeId: 'bob' },
      8: { kind: 'replied', at: '2026-06-12T02:00:00Z', agentId: 'bob' },
    };
    const history = { _id: 'd', tenantId: 't', facts, version: 8 };
    // On 06-10: normal, Ann's, resolved on 06-03, first reply Ann's at 02:00 on 06-01.
    expect(ticketThen(history, new Date(AS_OF))).toEqual({
      status: 'resolved',
      priority: 'normal',
      assigneeId: 'ann',
      teamId: 'desk',
      resolvedAt: '2026-06-03T00:00:00Z',
      firstReplyAt: '2026-06-01T02:00:00Z',
      firstReplyBy: 'ann',
    });
    // Now: reopened (no resolution), urgent, Bob's; the first reply is still Ann's.
    expect(ticketThen(history)).toMatchObject({
      status: 'in_progress',
      priority: 'urgent',
      assigneeId: 'bob',
      firstReplyAt: '2026-06-01T02:00:00Z',
    });
    expect(ticketThen(history, new Date('2026-05-01T00:00:00Z'))).toBeNull();
    const queueRow = {
      _id: 'd',
      tenantId: 't',
      channel: 'chat',
      status: 'in_progress',
      priority: 'urgent',
      assigneeId: 'bob',
      openedAt: '2026-06-01T00:00:00Z',
    };
    const report = validateReport(
      standardReport('serviceDesk', 'slaAndResolution', { asOf: AS_OF }),
      DATASETS,
      NOW,
    );
    // The queue row alone says urgent and open; with its history of then: normal, resolved in 48 h.
    expect(
      aggregateReport(report, [{ ...queueRow, then: ticketThen(history, new Date(AS_OF)) }]).rows,
    ).toEqual([{ dimensions: ['normal'], values: [1, null, 48, 48] }]);
  });
});
