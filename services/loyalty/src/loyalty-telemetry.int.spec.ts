// GET /metrics on the Loyalty health port (docs/operations/metrics.md): a served command moves
// crm_rpc_requests_total for its RPC (a refused one under its status code), the instrumented store
// counts its append, and the reactors' lag and the loyalty timer backlog are reported.
import { metricsAround } from '@crm/observability/testing';
import * as loyalty from '../test/loyalty-test-service';

jest.setTimeout(60_000);

let t: loyalty.LoyaltyTestService;
beforeAll(async () => {
  t = await loyalty.startLoyaltyTestService();
});
afterAll(async () => {
  await t?.stop();
});

it('counts served and refused commands by RPC and status, its append, and reports the workers', async () => {
  const { moved, after } = await metricsAround(
    `http://127.0.0.1:${t.service.healthPort}/metrics`,
    async () => {
      await t.call('DefineProgram', { ctx: loyalty.ctx(), program: loyalty.PROGRAM_REQUEST });
      await t.fail('EnrolMember', { ctx: loyalty.ctx(), memberId: '' });
    },
  );
  const service = 'LoyaltyService';
  expect(moved('crm_rpc_requests_total', { service, method: 'DefineProgram', code: 'OK' })).toBe(1);
  expect(
    moved('crm_rpc_request_duration_seconds_count', { service, method: 'DefineProgram' }),
  ).toBe(1);
  expect(
    moved('crm_rpc_requests_total', { service, method: 'EnrolMember', code: 'INVALID_ARGUMENT' }),
  ).toBe(1);
  expect(moved('crm_event_store_appends_total', { outcome: 'ok' })).toBe(1);
  expect(after).toMatch(/^crm_reactor_lag_events\{reactor="[^"]+"\} \d+$/m);
  expect(after).toMatch(/^crm_timer_backlog\{owner="loyalty"\} \d+$/m);
});
