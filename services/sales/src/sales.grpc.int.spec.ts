// The Sales service over real gRPC and PostgreSQL: a lead captured (its contact encrypted under the
// lead's key), qualified and converted into an opportunity that moves through the pipeline and is
// won; an order placed from it publishes exactly the sales.OrderPlaced v1 that customers' purchase
// history and loyalty consume; refunds are bounded. Bad input is a typed error and writes nothing.
import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { SALES_SERVICE_NAME } from '@crm/contracts/sales-grpc';
import { GRPC_HEALTH_PROTO_PATH } from '@crm/grpc-service';
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import { sampleEnvelope } from '@crm/contracts/testing';
import { startSalesTestService, ctx, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-grpc');
});
afterAll(async () => {
  await t?.stop();
});

const order = (opportunityId: string, unitPrice = '6250.25') => ({
  ctx: ctx(),
  customerId: 'cust-1',
  opportunityId,
  lines: [
    { sku: 'ENG-1', category: 'engines', quantity: 2, unitPrice },
    { name: 'Installation', category: 'services', quantity: 1, unitPrice: '0.50' },
  ],
  currency: 'EUR',
  channel: 'ORDER_CHANNEL_OFFLINE_STORE',
});

async function eventCount(): Promise<number> {
  return (await t.events()).length;
}

describe('sales over gRPC', () => {
  let opportunityId: string;

  it('captures, qualifies and converts a lead into an opportunity, keeping its contact encrypted', async () => {
    const captured = await t.call('CaptureLead', {
      ctx: ctx(),
      source: 'LEAD_SOURCE_WEB_FORM',
      contact: { name: 'Ada Lovelace', email: 'Ada@Example.com', phone: '+44 20 7946 0000' },
      companyName: 'Analytical Engines',
    });
    const leadId = captured.createdId as string;
    expect(captured).toMatchObject({ aggregateId: leadId, eventTypes: ['sales.LeadCaptured'] });
    expect(Number(captured.globalPosition)).toBeGreaterThan(0);
    await t.call('QualifyLead', { ctx: ctx(), leadId, note: 'budget confirmed' });
    const converted = await t.call('ConvertLead', {
      ctx: ctx('convert-1'),
      leadId,
      customerId: 'cust-1',
      opportunityName: 'Engines for Analytical',
      amount: '12500.50',
      currency: 'eur',
      expectedCloseOn: '2026-06-30',
    });
    opportunityId = converted.createdId as string;
    expect(converted.eventTypes).toEqual(['sales.OpportunityOpened']);

    // The same request again (a retry) changes nothing; another conversion is refused.
    const retried = await t.call('ConvertLead', {
      ctx: ctx('convert-1'),
      leadId,
      customerId: 'cust-1',
      opportunityName: 'Engines for Analytical',
      amount: '12500.50',
      currency: 'EUR',
      expectedCloseOn: '2026-06-30',
    });
    expect(retried).toMatchObject({ createdId: opportunityId, replayed: true });
    const before = await eventCount();
    const twice = await t.fail('ConvertLead', {
      ctx: ctx(),
      leadId,
      customerId: 'cust-2',
      opportunityName: 'Again',
      amount: '1.00',
      currency: 'EUR',
      expectedCloseOn: '2026-06-30',
    });
    expect(twice).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'LEAD_ALREADY_CONVERTED' },
    });
    expect(await eventCount()).toBe(before);

    const events = await t.events();
    const stored = JSON.stringify(events.filter((e) => e.type === 'sales.LeadCaptured'));
    expect(stored).not.toContain('Ada Lovelace');
    expect(stored).not.toContain('ada@example.com');
    expect(events.map((e) => e.type)).toEqual([
      'sales.LeadCaptured',
      'sales.LeadQualified',
      'sales.LeadConverted',
      'sales.OpportunityOpened',
    ]);
    expect(events[3]!.data).toMatchObject({
      leadId,
      customerId: 'cust-1',
      amount: '12500.50',
      currency: 'EUR',
      stageId: 'new',
      probability: 10,
    });
  });

  it('refuses an order from an opportunity that is not won, then places it once won', async () => {
    const before = await eventCount();
    expect(await t.fail('PlaceOrder', order(opportunityId))).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'OPPORTUNITY_NOT_WON' },
    });
    expect(await eventCount()).toBe(before);

    await t.call('MoveOpportunityStage', { ctx: ctx(), opportunityId, stageId: 'negotiation' });
    await t.call('WinOpportunity', { ctx: ctx(), opportunityId });
    const placed = await t.call('PlaceOrder', order(opportunityId));
    expect(placed.eventTypes).toEqual(['sales.OrderPlaced', 'sales.OrderAttributed']);

    const events = await t.events();
    const orderPlaced = events.find((e) => e.type === 'sales.OrderPlaced')!;
    expect(orderPlaced.data).toEqual({
      orderId: placed.createdId,
      customerId: 'cust-1',
      items: [
        { sku: 'ENG-1', category: 'engines', quantity: 2, unitPrice: '6250.25' },
        { name: 'Installation', category: 'services', quantity: 1, unitPrice: '0.50' },
      ],
      amount: '12501.00',
      currency: 'EUR',
      channel: 'offline_store',
      placedAt: expect.any(String),
    });
    // Exactly what the published v1 contract (customers, loyalty) accepts.
    const validator = new ContractValidator(new ContractRegistry([salesContracts]));
    const check = validator.check(
      sampleEnvelope({
        type: 'sales.OrderPlaced',
        schemaVersion: 1,
        streamId: orderPlaced.stream_id,
        data: orderPlaced.data,
      }),
    );
    expect(check).toBeUndefined();

    const orderId = placed.createdId as string;
    await t.call('RefundOrder', { ctx: ctx(), orderId, amount: '1.00', reason: 'scratch' });
    const over = await t.fail('RefundOrder', { ctx: ctx(), orderId, amount: '12500.01' });
    expect(over).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'REFUND_EXCEEDS_ORDER' },
    });
    expect(await t.fail('CancelOrder', { ctx: ctx(), orderId })).toMatchObject({
      detail: { code: 'INVALID_TRANSITION' },
    });
  });

  it('answers bad input with field violations or typed errors and writes nothing', async () => {
    const before = await eventCount();
    const invalid = await t.fail('PlaceOrder', {
      ...order('', '-5.00'),
      opportunityId: '',
      currency: 'euro',
      channel: 'ORDER_CHANNEL_UNSPECIFIED',
      lines: [{ category: 'x', quantity: 0, unitPrice: '-5.00' }],
    });
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.detail.violations.map((v) => [v.field, v.code])).toEqual(
      expect.arrayContaining([
        ['lines[0].quantity', 'OUT_OF_RANGE'],
        ['lines[0].unitPrice', 'INVALID_FORMAT'],
        ['currency', 'INVALID_FORMAT'],
        ['channel', 'REQUIRED'],
      ]),
    );
    expect(
      await t.fail('CaptureLead', { ctx: ctx(), source: 'LEAD_SOURCE_API', contact: {} }),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: { violations: [{ field: 'contact.name', code: 'REQUIRED' }] },
    });
    expect(
      await t.fail('MoveOpportunityStage', { ctx: ctx(), opportunityId, stageId: 'nowhere' }),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, detail: { code: 'INVALID_TRANSITION' } });
    expect(
      await t.fail('OpenOpportunity', {
        ctx: ctx(),
        name: 'X',
        customerId: 'cust-1',
        stageId: 'nowhere',
        amount: '1.00',
        currency: 'EUR',
        expectedCloseOn: '2026-02-30',
      }),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: { violations: [{ field: 'expectedCloseOn', code: 'INVALID_FORMAT' }] },
    });
    expect(
      await t.fail('OpenOpportunity', {
        ctx: ctx(),
        name: 'X',
        customerId: 'cust-1',
        stageId: 'nowhere',
        amount: '1.00',
        currency: 'EUR',
        expectedCloseOn: '2026-02-28',
      }),
    ).toMatchObject({ code: status.INVALID_ARGUMENT, detail: { code: 'UNKNOWN_STAGE' } });
    expect(
      await t.fail('LoseOpportunity', { ctx: ctx(), opportunityId: 'missing', reason: 'price' }),
    ).toMatchObject({ code: status.NOT_FOUND, detail: { code: 'NOT_FOUND' } });
    expect(await eventCount()).toBe(before);
  });

  it('serves the standard gRPC health check and the HTTP readiness probe', async () => {
    const definition = protoLoader.loadSync(GRPC_HEALTH_PROTO_PATH, { enums: String });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    };
    const health = new pkg.grpc.health.v1.Health(
      t.service.grpcAddress,
      grpc.credentials.createInsecure(),
    ) as unknown as grpc.Client & {
      Check(
        request: { service: string },
        callback: (e: Error | null, r: { status: string }) => void,
      ): void;
    };
    const answer = await new Promise<{ status: string }>((resolve, reject) =>
      health.Check({ service: SALES_SERVICE_NAME }, (e, r) => (e ? reject(e) : resolve(r))),
    );
    health.close();
    expect(answer.status).toBe('SERVING');
    expect((await fetch(`http://127.0.0.1:${t.service.healthPort}/ready`)).status).toBe(200);
  });
});
