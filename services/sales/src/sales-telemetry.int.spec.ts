// GET /metrics on the Sales health port (docs/operations/metrics.md): a served command moves
// crm_rpc_requests_total for its RPC and the instrumented store counts its append.
import { metricsAround } from '@crm/observability/testing';
import { ctx, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-telemetry');
});
afterAll(async () => {
  await t?.stop();
});

it('counts a served command by RPC and status, and its append', async () => {
  const { moved } = await metricsAround(`http://127.0.0.1:${t.service.healthPort}/metrics`, () =>
    t.call('CaptureLead', {
      ctx: ctx(),
      source: 'LEAD_SOURCE_WEB_FORM',
      contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
      companyName: 'Analytical Engines',
    }),
  );
  const rpc = { service: 'SalesService', method: 'CaptureLead' };
  expect(moved('crm_rpc_requests_total', { ...rpc, code: 'OK' })).toBe(1);
  expect(moved('crm_rpc_request_duration_seconds_count', rpc)).toBe(1);
  expect(moved('crm_event_store_appends_total', { outcome: 'ok' })).toBe(1);
});
