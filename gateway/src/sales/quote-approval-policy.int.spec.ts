// The approval policy in force as `quoteApprovalPolicy` answers it (ADR 0441): the gateway asks the
// real sales service (gRPC, its own throwaway PostgreSQL event store) in the caller's identity; the
// service folds its policy stream. The tenant is the token's, and only admins and auditors may read.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: runs the real sales service in-process
import {
  ctx,
  startSalesTestService,
  type SalesTestService,
} from '../../../services/sales/test/sales-test-service';
import { ServiceTokenSigner, parseServiceTokenPrivateKey } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Role } from '../authz/role';
import { ContextCallError, ContextGrpcClient } from '../grpc/context-grpc.client';
import { quoteApprovalPolicyFrom } from './quote-approval-policy.query';
import { SALES_SERVICE } from './sales.service-spec';

jest.setTimeout(60_000);

let sales: SalesTestService;
let client: ContextGrpcClient;

beforeAll(async () => {
  sales = await startSalesTestService('gw_quote_policy');
  client = new ContextGrpcClient(
    SALES_SERVICE,
    sales.service.grpcAddress,
    5_000,
    new ServiceTokenSigner(parseServiceTokenPrivateKey(sales.keys.privateKey)),
  );
});

afterAll(async () => {
  client?.close();
  await sales?.stop();
});

const as = (tenantId: string, role: Role) => ({
  principal: {
    userId: `${role}-1`,
    tenantId,
    email: `${role}@example.com`,
    roles: [role],
    teamId: null,
  },
  correlationId: 'gw-int-policy',
});

const policyOf = async (tenantId: string, role = Role.ADMIN) =>
  quoteApprovalPolicyFrom(
    await client.call<P.QuoteApprovalPolicyResult__Output>(
      'QuoteApprovalPolicy',
      as(tenantId, role),
      {},
    ),
  );

describe('the quote approval policy in force, from the sales service', () => {
  it('is the default (version 0: a manager above 20 % or 100,000.00) before any definition', async () => {
    expect(await policyOf('tenant-a')).toEqual({
      version: 0,
      definedAt: null,
      levels: [{ approverRole: 'sales_manager', maxDiscountPercent: 20, maxAmount: '100000.00' }],
    });
  });

  it('is the latest version with its levels in approval order, and only for its tenant', async () => {
    const define = (levels: object[]) =>
      sales.call('DefineQuoteApprovalPolicy', { ctx: ctx(), levels });
    await define([
      {
        approverRole: 'QUOTE_APPROVER_ROLE_SALES_MANAGER',
        maxDiscountPercent: 15,
        maxAmount: '50000.00',
      },
    ]);
    await define([
      {
        approverRole: 'QUOTE_APPROVER_ROLE_SALES_MANAGER',
        maxDiscountPercent: 10,
        maxAmount: '1000.00',
      },
      { approverRole: 'QUOTE_APPROVER_ROLE_ADMIN', maxDiscountPercent: 30, maxAmount: '5000.00' },
    ]);
    const policy = await policyOf('tenant-a', Role.AUDITOR);
    expect(policy).toEqual({
      version: 2,
      definedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      levels: [
        { approverRole: 'sales_manager', maxDiscountPercent: 10, maxAmount: '1000.00' },
        { approverRole: 'admin', maxDiscountPercent: 30, maxAmount: '5000.00' },
      ],
    });
    expect((await policyOf('tenant-without-policy')).version).toBe(0);
  });

  it('is refused to a sales manager', async () => {
    const failure = await policyOf('tenant-a', Role.SALES_MANAGER).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContextCallError);
    expect((failure as ContextCallError).status).toBe(grpcStatus.PERMISSION_DENIED);
  });
});
