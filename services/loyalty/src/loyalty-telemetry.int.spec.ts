// GET /metrics on the Loyalty health port (docs/operations/metrics.md): a served command moves
// crm_rpc_requests_total for its RPC (a refused one under its status code), the instrumented store
// counts its append, and the reactors' lag and the loyalty timer backlog are reported.
import { metricValue, scrapeMetrics } from '@crm/observability/testing';
import {
  PROGRAM_REQUEST,
  ctx,
  startLoyaltyTestService,
  type LoyaltyTestService,
} from '../test/loyalty-test-service';

jest.setTimeout(60_000);

let t: LoyaltyTestService;
beforeAll(async () => {
  t = await startLoyaltyTestService();
});
afterAll(async () => {
  await t?.stop();
});

it('counts served and refused commands by RPC and status, its append, and reports the workers', async () => {
  const url = `http://127.0.0.1:${t.service.healthPort}/metrics`;
  const before = await scrapeMetrics(url);
  await t.call('DefineProgram', { ctx: ctx(), program: PROGRAM_REQUEST });
  await t.fail('EnrolMember', { ctx: ctx(), memberId: '' });
  const after = await scrapeMetrics(url);
  const moved = (name: string, labels: Record<string, string>): number =>
    metricValue(after, name, labels) - metricValue(before, name, labels);
  const define = { service: 'LoyaltyService', method: 'DefineProgram' };
  expect(moved('crm_rpc_requests_total', { ...define, code: 'OK' })).toBe(1);
  expect(moved('crm_rpc_request_duration_seconds_count', define)).toBe(1);
  expect(
    moved('crm_rpc_requests_total', {
      service: 'LoyaltyService',
      method: 'EnrolMember',
      code: 'INVALID_ARGUMENT',
    }),
  ).toBe(1);
  expect(moved('crm_event_store_appends_total', { outcome: 'ok' })).toBe(1);
  expect(after).toMatch(/^crm_reactor_lag_events\{reactor="[^"]+"\} \d+$/m);
  expect(after).toMatch(/^crm_timer_backlog\{owner="loyalty"\} \d+$/m);
});
