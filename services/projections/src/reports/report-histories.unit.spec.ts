// The reports context's dated histories: each event becomes one fact under its stream version, so
// a replay writes the same document and a report can fold the facts up to any instant.
import type { EventEnvelope } from '@crm/event-sourcing';
import { projectChurnHistory } from './report-churn-history.projection';
import { projectLeadHistory } from './report-lead-history.projection';
import { projectTicketHistory } from './report-ticket-history.projection';

const AT = '2026-06-01T09:00:00.000Z';
const envelope = (type: string, streamId: string, streamVersion: number, data: object) =>
  ({ type, streamId, streamVersion, tenantId: 'tenant-1', data }) as unknown as EventEnvelope;

describe('reports history projections', () => {
  it('keeps a churn band change dated under its stream version', () => {
    const change = projectChurnHistory(
      envelope('loyalty.ChurnRiskRaised', 'loyalty.Member-m1', 7, {
        memberId: 'm1',
        score: 70,
        band: 'high',
        previousBand: 'low',
        factors: [],
        assessedAt: AT,
      }),
    );
    expect(change).toMatchObject({
      kind: 'upsert',
      id: 'm1',
      set: { tenantId: 'tenant-1', 'facts.7': { at: AT, band: 'high', score: 70 }, version: 7 },
    });
    expect(
      projectChurnHistory(envelope('loyalty.PointsEarned', 'loyalty.Member-m1', 8, {})),
    ).toBeUndefined();
  });

  it('keeps a lead capture with its owner, and the owner now for the record scope', () => {
    const change = projectLeadHistory(
      envelope('sales.LeadCaptured', 'sales.Lead-l1', 1, {
        leadId: 'l1',
        source: 'web_form',
        contact: 'encrypted',
        ownerId: 'ann',
        teamId: 'team-a',
        capturedAt: AT,
      }),
    );
    expect(change).toMatchObject({
      id: 'l1',
      set: {
        ownerId: 'ann',
        teamId: 'team-a',
        'facts.1': { kind: 'captured', at: AT, ownerId: 'ann', teamId: 'team-a' },
      },
    });
    const converted = projectLeadHistory(
      envelope('sales.LeadConverted', 'sales.Lead-l1', 3, {
        leadId: 'l1',
        customerId: 'c1',
        opportunityId: 'o1',
        convertedAt: AT,
      }),
    );
    expect(converted).toMatchObject({
      set: { 'facts.3': { kind: 'status', at: AT, status: 'converted' } },
    });
    // A status fact leaves the owner (the scope field) as it is.
    expect(converted && 'set' in converted && converted.set).not.toHaveProperty('ownerId');
  });

  it("keeps a ticket's priority change and agent replies, not its internal notes", () => {
    expect(
      projectTicketHistory(
        envelope('service-desk.TicketPriorityChanged', 'service-desk.Ticket-t1', 4, {
          ticketId: 't1',
          at: AT,
          priority: 'urgent',
        }),
      ),
    ).toMatchObject({
      id: 't1',
      set: { 'facts.4': { kind: 'priority', at: AT, priority: 'urgent' } },
    });
    expect(
      projectTicketHistory(
        envelope('service-desk.AgentReplied', 'service-desk.Ticket-t1', 5, {
          ticketId: 't1',
          at: AT,
          agentId: 'bob',
          body: 'x',
          dataSubjectId: 't1',
        }),
      ),
    ).toMatchObject({ set: { 'facts.5': { kind: 'replied', at: AT, agentId: 'bob' } } });
    expect(
      projectTicketHistory(
        envelope('service-desk.InternalNoteAdded', 'service-desk.Ticket-t1', 6, {
          ticketId: 't1',
          at: AT,
          agentId: 'bob',
          body: 'x',
          dataSubjectId: 't1',
        }),
      ),
    ).toBeUndefined();
  });
});
