import type { EventEnvelope } from '@crm/event-sourcing';
import {
  projectSalesContract,
  projectSalesLead,
  projectSalesOpportunity,
  projectSalesOrder,
  projectSalesPipeline,
  projectSalesNote,
  projectSalesQuota,
} from '.';
import { boardPlacementBucketId, orderStatusOf } from '@crm/sales-read-models';

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

  it('show on the lead queue the earlier lead or the customer a lead duplicates', () => {
    const lead = (type: string, data: object) =>
      projectSalesLead(envelope(type, 'sales.Lead-l1', { leadId: 'l1', ...data }));
    expect(
      lead('sales.LeadDuplicateDetected', {
        duplicateOfLeadId: 'l0',
        matchedOn: 'email',
        detectedAt: '2026-03-01T09:00:00.000Z',
      }),
    ).toMatchObject({ id: 'l1', set: { duplicateOfLeadId: 'l0' } });
    expect(
      lead('sales.LeadCustomerMatched', {
        customerId: 'c1',
        matchedOn: 'phone',
        detectedAt: '2026-03-01T09:00:00.000Z',
      }),
    ).toMatchObject({ id: 'l1', set: { matchedCustomerId: 'c1', matchedOn: 'phone' } });
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

  it('place an open opportunity in its tenant’s bucket, move it, and take it off when won', () => {
    const bucket = boardPlacementBucketId('t1', 'o.1');
    const [, opened] = projectSalesPipeline(
      envelope('sales.OpportunityOpened', 'sales.Opportunity-o.1', {
        opportunityId: 'o.1',
        name: 'Deal',
        customerId: 'c1',
        pipelineId: 'default',
        stageId: 'new',
        probability: 10,
        forecastCategory: 'pipeline',
        amount: '12.34',
        currency: 'EUR',
        expectedCloseOn: '2026-06-30',
        ownerId: 'rep-1',
        teamId: 'team-a',
        openedAt: '2026-03-01T09:00:00.000Z',
      }),
    );
    // The id's dot is encoded: a dot in a field name would be a path.
    expect(opened).toEqual({
      kind: 'upsert',
      model: 'sales_board_placements',
      id: bucket,
      set: {
        tenantId: 't1',
        'open.o%2E1.pipelineId': 'default',
        'open.o%2E1.stageId': 'new',
        'open.o%2E1.currency': 'EUR',
        'open.o%2E1.amountMinor': 1234,
        'open.o%2E1.expectedCloseOn': '2026-06-30',
        'open.o%2E1.ownerId': 'rep-1',
        'open.o%2E1.teamId': 'team-a',
      },
    });
    const [, moved] = projectSalesPipeline(
      envelope(
        'sales.OpportunityStageChanged',
        'sales.Opportunity-o.1',
        {
          opportunityId: 'o.1',
          fromStageId: 'new',
          stageId: 'proposal',
          probability: 50,
          forecastCategory: 'best_case',
          msInPreviousStage: 1,
          changedAt: '2026-03-02T09:00:00.000Z',
        },
        2,
      ),
    );
    expect(moved).toMatchObject({ id: bucket, set: { 'open.o%2E1.stageId': 'proposal' } });
    const [, won] = projectSalesPipeline(
      envelope(
        'sales.OpportunityWon',
        'sales.Opportunity-o.1',
        {
          opportunityId: 'o.1',
          customerId: 'c1',
          fromStageId: 'proposal',
          amount: '12.34',
          currency: 'EUR',
          wonAt: '2026-03-03T09:00:00.000Z',
        },
        3,
      ),
    );
    expect(won).toMatchObject({ id: bucket, unset: ['open.o%2E1'] });
    expect(boardPlacementBucketId('t2', 'o.1')).toMatch(/^t2\|\d+$/);
  });

  it('follow an order through payment, shipping and completion; refunds still show', () => {
    const shipped = projectSalesOrder(
      envelope('sales.OrderShipped', 'sales.Order-x', {
        orderId: 'x',
        customerId: 'c',
        carrier: 'DHL',
        trackingNumber: 'JD1',
        shippedAt: '2026-03-03T09:00:00.000Z',
      }),
    );
    expect(shipped).toMatchObject({
      set: { status: 'shipped', carrier: 'DHL', trackingNumber: 'JD1' },
    });
    const paid = envelope('sales.OrderPaid', 'sales.Order-x', {
      orderId: 'x',
      customerId: 'c',
      amount: '12.34',
      currency: 'EUR',
      paidAt: '2026-03-02T09:00:00.000Z',
    });
    expect(projectSalesOrder(paid)).toMatchObject({ set: { status: 'paid' } });
    const done = { status: 'completed', amountMinor: 1234 } as const;
    expect(orderStatusOf({ ...done, refundedMinor: 0 })).toBe('completed');
    expect(orderStatusOf({ ...done, refundedMinor: 34 })).toBe('partly_refunded');
    expect(orderStatusOf({ ...done, refundedMinor: 1234 })).toBe('refunded');
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

  it('keep a contract’s current term: renewal due names the renewal deal, a renewal clears it', () => {
    const due = projectSalesContract(
      envelope(
        'sales.ContractRenewalDue',
        'sales.Contract-c1',
        {
          contractId: 'c1',
          endsAt: '2027-01-01T00:00:00.000Z',
          renewalOpportunityId: 'o9',
          dueAt: '2026-12-02T00:00:00.000Z',
        },
        2,
      ),
    );
    expect(due).toMatchObject({
      kind: 'upsert',
      id: 'c1',
      set: { renewalOpportunityId: 'o9', version: 2 },
    });
    const renewed = projectSalesContract(
      envelope(
        'sales.ContractRenewed',
        'sales.Contract-c1',
        {
          contractId: 'c1',
          previousEndsAt: '2027-01-01T00:00:00.000Z',
          endsAt: '2028-01-01T00:00:00.000Z',
          renewalNoticeDays: 30,
          renewedAt: '2026-12-10T00:00:00.000Z',
        },
        3,
      ),
    );
    expect(renewed).toMatchObject({
      set: { endsAt: '2028-01-01T00:00:00.000Z' },
      unset: ['renewalOpportunityId', 'renewalDueAt'],
    });
    expect(
      projectSalesContract(
        envelope(
          'sales.ContractTerminated',
          'sales.Contract-c1',
          { contractId: 'c1', reason: 'Closed', terminatedAt: 'x' },
          4,
        ),
      ),
    ).toMatchObject({ set: { status: 'terminated', terminationReason: 'Closed' } });
  });

  it('keep the quota in force per owner and period', () => {
    expect(
      projectSalesQuota(
        envelope('sales.QuotaSet', 'sales.Quota-q1', {
          quotaId: 'q1',
          period: '2027-Q1',
          ownerId: 'rep-1',
          teamId: 'team-a',
          currency: 'EUR',
          amount: '4000.00',
          setBy: 'mgr-1',
          setAt: '2027-01-01T00:00:00.000Z',
        }),
      ),
    ).toMatchObject({ id: 'q1', set: { period: '2027-Q1', ownerId: 'rep-1', amount: '4000.00' } });
  });

  it('keep a note’s text out of the notes read model (ADR 0400: personal data of its subject)', () => {
    const change = projectSalesNote(
      envelope('sales.SalesNoteAdded', 'sales.Note-n1', {
        noteId: 'n1',
        about: { kind: 'opportunity', id: 'opp-1' },
        text: 'Ada is on sick leave',
        dataSubjectId: 'cust-1',
        authorId: 'rep-1',
        ownerId: 'rep-1',
        teamId: 'team-a',
        addedAt: '2026-03-01T09:00:00.000Z',
      }),
    );
    expect(change).toMatchObject({ id: 'n1', set: { aboutId: 'opp-1', ownerId: 'rep-1' } });
    expect(JSON.stringify(change)).not.toContain('sick leave');
  });
});
