// The reports context's dated histories: each event becomes one fact under its stream version, so
// a replay writes the same document and a report can fold the facts up to any instant.
import type { EventEnvelope } from '@crm/event-sourcing';
import { projectArticleHistory } from './report-article-history.projection';
import { projectChurnHistory } from './report-churn-history.projection';
import { projectCustomerLifecycle } from './report-customer-lifecycle.projection';
import { projectQuoteHistory } from './report-quote-history.projection';
import { projectLeadHistory } from './report-lead-history.projection';
import { projectTicketHistory } from './report-ticket-history.projection';

const AT = '2026-06-01T09:00:00.000Z';
const envelope = (type: string, streamId: string, streamVersion: number, data: object) =>
  ({
    type,
    streamId,
    streamVersion,
    tenantId: 'tenant-1',
    occurredAt: AT,
    data,
  }) as unknown as EventEnvelope;

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

  it("keeps a quote's versions with their approvals and its decision, and the owner for the scope", () => {
    expect(
      projectQuoteHistory(
        envelope('sales.QuoteCreated', 'sales.Quote-q1', 1, {
          quoteId: 'q1',
          version: 1,
          lines: [],
          amount: '800.00',
          validUntil: AT,
          approvalReasons: ['discount'],
          opportunityId: 'o1',
          customerId: 'c1',
          currency: 'EUR',
          ownerId: 'ann',
          teamId: 'team-a',
          createdAt: AT,
        }),
      ),
    ).toMatchObject({
      id: 'q1',
      set: {
        ownerId: 'ann',
        'facts.1': { kind: 'version', at: AT, amount: '800.00', approvalReasons: ['discount'] },
      },
    });
    const accepted = projectQuoteHistory(
      envelope('sales.QuoteAccepted', 'sales.Quote-q1', 3, {
        quoteId: 'q1',
        version: 1,
        acceptedAt: AT,
      }),
    );
    expect(accepted).toMatchObject({
      set: { 'facts.3': { kind: 'status', at: AT, status: 'accepted' } },
    });
    expect(accepted && 'set' in accepted && accepted.set).not.toHaveProperty('ownerId');
    // Approvals are dated for the turnaround: the last step of the route (no next approver) is final.
    const approval = (version: number, nextApproverRole?: string | null) =>
      projectQuoteHistory(
        envelope('sales.QuoteApproved', 'sales.Quote-q1', version, {
          quoteId: 'q1',
          version: 1,
          approverId: 'm1',
          approvedAt: AT,
          ...(nextApproverRole !== undefined && { step: 1, nextApproverRole }),
        }),
      );
    expect(approval(2)).toMatchObject({
      set: { 'facts.2': { kind: 'approval', at: AT, final: true } },
    });
    expect(approval(4, 'sales_director')).toMatchObject({
      set: { 'facts.4': { kind: 'approval', at: AT, final: false } },
    });
    expect(approval(5, null)).toMatchObject({
      set: { 'facts.5': { kind: 'approval', at: AT, final: true } },
    });
  });

  it('keeps a customer lifecycle move and owner, dated by the event, never a personal field', () => {
    const registered = projectCustomerLifecycle(
      envelope('customers.CustomerRegistered', 'customers.Customer-c1', 1, {
        customerId: 'c1',
        kind: 'person',
        person: { firstName: 'Ann', lastName: 'Lee' },
        status: 'prospect',
      }),
    );
    expect(registered).toMatchObject({
      id: 'c1',
      set: { status: 'prospect', 'facts.1': { kind: 'status', at: AT, status: 'prospect' } },
    });
    expect(JSON.stringify(registered)).not.toContain('Ann');
    expect(
      projectCustomerLifecycle(
        envelope('customers.OwnerAssigned', 'customers.Customer-c1', 2, {
          customerId: 'c1',
          ownerUserId: 'zed',
          teamId: 'team-b',
        }),
      ),
    ).toMatchObject({
      set: {
        ownerUserId: 'zed',
        'facts.2': { kind: 'owner', at: AT, ownerUserId: 'zed', teamId: 'team-b' },
      },
    });
    expect(
      projectCustomerLifecycle(
        envelope('customers.CustomerTagged', 'customers.Customer-c1', 3, {
          customerId: 'c1',
          tags: [],
        }),
      ),
    ).toBeUndefined();
  });

  it('keeps each article deflection under the article and locale of the knowledge base', () => {
    expect(
      projectArticleHistory(
        envelope('service-desk.ArticleDeflectionRecorded', 'service-desk.Article-kb1', 4, {
          articleId: 'kb1',
          locale: 'de',
          at: AT,
          version: 1,
        }),
      ),
    ).toMatchObject({
      id: 'tenant-1:kb1:de',
      set: { 'facts.4': { kind: 'deflected', at: AT } },
    });
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
