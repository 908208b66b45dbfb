// With tracing off, the hop telemetry still counts every event but builds no span: a tracer
// provider registered straight through the OpenTelemetry API (not through startTracing) records
// every span it is asked for, so any span built would show.
import { trace, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { platformMetrics } from '../metrics/platform-metrics';
import { isTracingEnabled } from '../tracing/tracing';
import { projectionBatchApplied, relayBatchPublished } from './event-hops';

const started: string[] = [];
const recordingProvider: TracerProvider = {
  getTracer: (): Tracer => {
    const noop = trace.getTracer('noop-before-registration');
    return {
      startSpan: (name, ...rest): Span => {
        started.push(name);
        return noop.startSpan(name, ...rest);
      },
      startActiveSpan: noop.startActiveSpan.bind(noop),
    };
  },
};

const event = (i: number) => ({
  eventId: `0190a000-0000-7000-8000-00000000000${i}`,
  type: 'customers.CustomerRegistered',
  correlationId: '0190a000-0000-7000-8000-0000000000c0',
  streamId: `customers.Customer-${i}`,
  globalPosition: i,
  occurredAt: new Date().toISOString(),
});

beforeAll(() => trace.setGlobalTracerProvider(recordingProvider));
afterAll(() => trace.disable());

test('tracing off: a published and an applied batch are counted, and no span is built', async () => {
  expect(isTracingEnabled()).toBe(false);
  const metrics = platformMetrics();
  const published = async (): Promise<number> =>
    (await metrics.relayPublished.get()).values.find((v) => v.labels['relay'] === 'hops-spec')
      ?.value ?? 0;
  const before = await published();
  relayBatchPublished(
    'hops-spec',
    [event(1), event(2), event(3)],
    Date.now(),
    process.hrtime.bigint(),
  );
  projectionBatchApplied('hops-spec', [event(1), event(2)], Date.now(), process.hrtime.bigint());
  expect((await published()) - before).toBe(3);
  expect(started).toEqual([]);
});
