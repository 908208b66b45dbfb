// The approval policy in force as `quoteApprovalPolicy` answers it (ADR 0405): folded from the
// tenant's policy stream in a real PostgreSQL event store through the auditor API's reader.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { quoteApprovalPolicyStreamId } from '@crm/sales-domain';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { AuditTrail } from '../audit/audit-trail';
import { quoteApprovalPolicyOf } from './quote-approval-policy.query';

const TENANT = 'tenant-policy';
const OTHER_TENANT = 'tenant-without-policy';

function defined(version: number, occurredAt: string, levels: readonly object[]): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'sales.QuoteApprovalPolicyDefined',
    tenantId: TENANT,
    occurredAt,
    actor: { kind: 'user', userId: 'admin-1', roles: ['admin'] },
    correlationId: 'corr',
    causationId: 'cause',
    data: { version, levels, definedAt: occurredAt },
  };
}

describe('the quote approval policy in force (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let writer: PostgresEventStore;
  let reader: PostgresEventStore;
  let trail: AuditTrail;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'gw_quote_policy' });
    writer = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: 'sales.QuoteApprovalPolicyDefined', schemaVersion: 1 }],
    });
    reader = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [],
      migrate: false,
    });
    trail = new AuditTrail({ store: reader });
  });

  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await database?.drop();
  });

  it('is the default (version 0: a manager above 20 % or 100,000.00) before any definition', async () => {
    expect(await quoteApprovalPolicyOf(trail, TENANT)).toEqual({
      version: 0,
      definedAt: null,
      levels: [{ approverRole: 'sales_manager', maxDiscountPercent: 20, maxAmount: '100000.00' }],
    });
  });

  it('is the latest version with its levels in approval order, and only for its tenant', async () => {
    await writer.append(quoteApprovalPolicyStreamId(TENANT), [
      defined(1, '2026-11-01T09:00:00.000Z', [
        { approverRole: 'sales_manager', maxDiscountPercent: 15, maxAmount: '50000.00' },
      ]),
      defined(2, '2026-11-02T09:00:00.000Z', [
        { approverRole: 'sales_manager', maxDiscountPercent: 10, maxAmount: '1000.00' },
        { approverRole: 'admin', maxDiscountPercent: 30, maxAmount: '5000.00' },
      ]),
    ]);
    expect(await quoteApprovalPolicyOf(trail, TENANT)).toEqual({
      version: 2,
      definedAt: '2026-11-02T09:00:00.000Z',
      levels: [
        { approverRole: 'sales_manager', maxDiscountPercent: 10, maxAmount: '1000.00' },
        { approverRole: 'admin', maxDiscountPercent: 30, maxAmount: '5000.00' },
      ],
    });
    expect((await quoteApprovalPolicyOf(trail, OTHER_TENANT)).version).toBe(0);
  });
});
