import type { EventEnvelope } from '@crm/event-sourcing';
import { projectSalesLead, projectSalesOpportunity, projectSalesOrder } from '.';

function envelope(type: string, streamId: string, data: object, streamVersion = 1): EventEnvelope {
  return {
    eventId: `e-${streamVersion}`,
    type,
    schemaVersion: 1,
    streamId,
    streamVersion,
    globalPosition: streamVersion,
    tenantId: 't1',
    occurredAt: '2026-03-01T09:00:00.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr',
    causationId: 'cause',
    data,
    hash: '',
    previousHash: null,
  };
}

describe('sales projections', () => {
  it('keep a lead’s contact out of the lead queue', () => {
    const change = projectSalesLead(
      envelope('sales.LeadCaptured', 'sales.Lead-l1', {
        leadId: 'l1',
        source: 'api',
        contact: { name: 'Ada', email: 'ada@example.com' },
        ownerId: 'rep-1',
        teamId: null,
        capturedAt: '2026-03-01T09:00:00.000Z',
      }),
    );
    expect(change).toMatchObject({
      kind: 'upsert',
      id: 'l1',
      set: { tenantId: 't1', source: 'api', status: 'open', ownerId: 'rep-1', teamId: null },
    });
    expect(JSON.stringify(change)).not.toContain('ada@example.com');
  });

  it('reopen an opportunity in its stage and clear its loss', () => {
    expect(
      projectSalesOpportunity(
        envelope(
          'sales.OpportunityReopened',
          'sales.Opportunity-o1',
          {
            opportunityId: 'o1',
            stageId: 'proposal',
            probability: 50,
            forecastCategory: 'best_case',
            reopenedAt: '2026-03-02T09:00:00.000Z',
          },
          4,
        ),
      ),
    ).toMatchObject({
      id: 'o1',
      set: { status: 'open', stageId: 'proposal', version: 4 },
      unset: ['lostReason', 'closedAt'],
    });
  });

  it('count refunds in minor units and scope orders by their attribution', () => {
    expect(
      projectSalesOrder(
        envelope('sales.OrderRefunded', 'sales.Order-x', {
          orderId: 'x',
          customerId: 'c',
          amount: '12.34',
          currency: 'EUR',
          refundedAt: '2026-03-02T09:00:00.000Z',
        }),
      ),
    ).toMatchObject({ id: 'x', inc: { refundedMinor: 1234 } });
    expect(
      projectSalesOrder(
        envelope('sales.OrderAttributed', 'sales.Order-x', {
          orderId: 'x',
          ownerId: 'rep-1',
          teamId: 'team-a',
        }),
      ),
    ).toMatchObject({ set: { ownerId: 'rep-1', teamId: 'team-a' } });
  });
});
