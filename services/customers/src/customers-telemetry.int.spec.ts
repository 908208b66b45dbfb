// The Customers service's telemetry read from the running service: its /metrics series move after
// a command (rate and latency per RPC, append latency and outcome) and a refused command, and its
// OTLP/JSON traces put the RPC, the append and one span per event in the caller's trace, with the
// event spans at the ids the relay and projections derive from the envelope (ADR 0125).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  flushTraces,
  spanIdForEvent,
  startTracing,
  traceIdForCorrelation,
} from '@crm/observability';
import { metricValue, readSpans, scrapeMetrics } from '@crm/observability/testing';
import { eventually } from '@crm/testing';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../test/customers-test-service';

jest.setTimeout(60_000);

const traceDir = mkdtempSync(join(tmpdir(), 'crm-traces-'));
const traceFile = join(traceDir, 'traces.otlp.jsonl');
let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-telemetry', {
    CRM_TRACES_EXPORTER: 'file',
    CRM_TRACES_FILE: traceFile,
  });
  // main.ts does this in a real process; the test process is the service's process here.
  startTracing(t.config.observability, 'customers');
});

afterAll(async () => {
  await t?.stop();
  rmSync(traceDir, { recursive: true, force: true });
});

const metricsUrl = (): string => `http://127.0.0.1:${t.service.healthPort}/metrics`;
const REGISTER = { service: 'CustomersService', method: 'RegisterCustomer' };

function registerRequest(correlationId: string, firstName: string) {
  return {
    ctx: ctx({ correlationId }),
    person: { firstName, lastName: 'Telemetry' },
    contacts: [{ email: `${firstName.toLowerCase()}@telemetry.example` }],
  };
}

describe('GET /metrics on the health port', () => {
  it('counts a command, its latency and its append, and a refused command by its status code', async () => {
    const before = await scrapeMetrics(metricsUrl());
    await t.call(
      'RegisterCustomer',
      registerRequest('0190f000-0000-7000-8000-00000000aa01', 'Ada'),
    );
    const refused = await t.fail('RegisterCustomer', {
      ctx: ctx(),
      person: { firstName: '', lastName: '' },
    });
    expect(refused.detail.code).toBe('VALIDATION_FAILED');
    const after = await scrapeMetrics(metricsUrl());
    const moved = (name: string, labels: Record<string, string>): number =>
      metricValue(after, name, labels) - metricValue(before, name, labels);

    expect(moved('crm_rpc_requests_total', { ...REGISTER, code: 'OK' })).toBe(1);
    expect(moved('crm_rpc_requests_total', { ...REGISTER, code: 'INVALID_ARGUMENT' })).toBe(1);
    expect(moved('crm_rpc_request_duration_seconds_count', REGISTER)).toBe(2);
    expect(moved('crm_rpc_request_duration_seconds_sum', REGISTER)).toBeGreaterThan(0);
    expect(moved('crm_event_store_appends_total', { context: 'customers', outcome: 'ok' })).toBe(1);
    expect(moved('crm_event_store_appended_events_total', { context: 'customers' })).toBe(2);
    expect(moved('crm_event_store_append_duration_seconds_count', { context: 'customers' })).toBe(
      1,
    );
    expect(after).toMatch(/^# TYPE crm_reactor_lag_events gauge$/m);
    expect(after).toMatch(/^crm_process_cpu_seconds_total /m);
  });
});

describe('traces', () => {
  it("put the RPC, its append and one span per stored event under the caller's span", async () => {
    const correlationId = '0190f000-0000-7000-8000-00000000bb02';
    const traceId = traceIdForCorrelation(correlationId);
    const callerSpanId = 'abcdef0123456789';
    const metadata = await t.metadata();
    metadata.set('traceparent', `00-${traceId}-${callerSpanId}-01`);
    const response = await t.call('RegisterCustomer', registerRequest(correlationId, 'Grace'), {
      metadata,
    });
    const aggregateId = String(response['result']['aggregateId']);
    const rows = await t.query<{ event_id: string; type: string }>(
      'SELECT event_id::text, type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version',
      [`customers.Customer-${aggregateId}`],
    );
    expect(rows).toHaveLength(2);

    const spans = await eventually(async () => {
      await flushTraces();
      const inTrace = readSpans(traceFile).filter((s) => s.traceId === traceId);
      if (inTrace.length < 4) throw new Error(`${inTrace.length} spans so far`);
      return inTrace;
    });
    const rpc = spans.find((s) => s.name === 'CustomersService/RegisterCustomer');
    expect(rpc).toMatchObject({
      service: 'customers',
      parentSpanId: callerSpanId,
      kind: 2, // SERVER
      attributes: { 'crm.correlation_id': correlationId, 'rpc.method': 'RegisterCustomer' },
    });
    const append = spans.find((s) => s.name === 'append customers.Customer');
    expect(append?.parentSpanId).toBe(rpc!.spanId);
    for (const row of rows) {
      expect(spans.find((s) => s.spanId === spanIdForEvent(row.event_id))).toMatchObject({
        name: `event ${row.type}`,
        parentSpanId: append!.spanId,
        attributes: { 'crm.event_id': row.event_id },
      });
    }
  });

  it('start the trace of the correlation id when the caller sent a traceparent of another trace', async () => {
    const correlationId = '0190f000-0000-7000-8000-00000000cc03';
    const metadata = await t.metadata();
    metadata.set('traceparent', `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`);
    await t.call('RegisterCustomer', registerRequest(correlationId, 'Linus'), { metadata });
    const rpc = await eventually(async () => {
      await flushTraces();
      const found = readSpans(traceFile).find(
        (s) =>
          s.name === 'CustomersService/RegisterCustomer' &&
          s.attributes['crm.correlation_id'] === correlationId,
      );
      if (!found) throw new Error('no RPC span yet');
      return found;
    });
    expect(rpc.traceId).toBe(traceIdForCorrelation(correlationId));
    expect(rpc.parentSpanId).toBeUndefined();
  });
});
