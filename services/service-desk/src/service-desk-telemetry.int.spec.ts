// GET /metrics on the service-desk health port (docs/operations/metrics.md): a served command moves
// crm_rpc_requests_total for its RPC, the instrumented store counts its append, and with SLA timers
// on the SLA scheduler's lag and the SLA timer backlog are reported.
import { metricsAround } from '@crm/observability/testing';
import * as desk from '../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: desk.ServiceDeskTestService;
beforeAll(async () => {
  t = await desk.startServiceDeskTestService('desk-telemetry', undefined, {
    CRM_SERVICE_DESK_SLA_TIMERS: 'on',
  });
});
afterAll(async () => {
  await t?.stop();
});

it('counts a served command by RPC and status, its append, and reports the SLA workers', async () => {
  const { moved, after } = await metricsAround(
    `http://127.0.0.1:${t.service.healthPort}/metrics`,
    () =>
      t.call('OpenTicket', {
        ctx: desk.ctx(),
        channel: 'TICKET_CHANNEL_WEB_FORM',
        subject: 'Broken vase',
        body: 'It arrived in pieces.',
        requesterEmail: 'ada@example.com',
        priority: 'TICKET_PRIORITY_URGENT',
        type: 'TICKET_TYPE_QUESTION',
      }),
  );
  const rpc = { service: 'ServiceDeskService', method: 'OpenTicket' };
  expect(moved('crm_rpc_requests_total', { ...rpc, code: 'OK' })).toBe(1);
  expect(moved('crm_rpc_request_duration_seconds_count', rpc)).toBe(1);
  expect(moved('crm_event_store_appends_total', { outcome: 'ok' })).toBe(1);
  expect(after).toMatch(/^crm_reactor_lag_events\{reactor="[^"]+"\} \d+$/m);
  expect(after).toMatch(/^crm_timer_backlog\{owner="service-desk"\} \d+$/m);
});
