// CPU cost of the telemetry hooks of one registration, all apps together: the gateway's request
// span, the RPC span and metrics, the append's event spans, the relay's and one projection's hop
// (two events). Compare with the ~30 ms of CPU a registration costs over the seven processes
// (issue 18). Tracing follows CRM_TRACES_EXPORTER / CRM_TRACES_FILE like the apps:
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/observability/scripts/telemetry-overhead.ts
//   CRM_TRACES_EXPORTER=file CRM_TRACES_FILE=/tmp/t.jsonl SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/observability/scripts/telemetry-overhead.ts
import {
  flushTraces,
  observeRpc,
  projectionBatchApplied,
  readObservabilityConfig,
  recordEventSpans,
  relayBatchPublished,
  startTracing,
  startRequestSpan,
  runInSpan,
  endSpan,
  SpanKind,
  metricsExposition,
} from '../src';

const tracing = startTracing(readObservabilityConfig(process.env).config, 'overhead');
const N = Number(process.env['N'] ?? 20000);
const now = new Date().toISOString();
const events = (i: number) =>
  [0, 1].map((k) => ({
    eventId: `0190f000-0000-7000-8000-${String(i * 2 + k).padStart(12, '0')}`,
    type: 'customers.CustomerRegistered',
    correlationId: `0190f000-0000-7000-9000-${String(i).padStart(12, '0')}`,
    streamId: `customers.Customer-${i}`,
    globalPosition: i * 2 + k,
    occurredAt: now,
  }));

async function main() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const evs = events(i);
    // one registration: gateway request span, RPC span, append + 2 event spans, relay + projection hops
    const root = startRequestSpan('graphql mutation registerCustomer', {
      kind: SpanKind.SERVER,
      correlationId: evs[0]!.correlationId,
    });
    await runInSpan(root, () =>
      observeRpc(
        {
          service: 'CustomersService',
          method: 'RegisterCustomer',
          request: {},
          correlationId: evs[0]!.correlationId,
        },
        async () => recordEventSpans(evs, Date.now(), Date.now()),
        () => 'UNKNOWN',
      ),
    );
    endSpan(root);
    relayBatchPublished('default', evs, Date.now(), process.hrtime.bigint());
    projectionBatchApplied('customer-360', evs, Date.now(), process.hrtime.bigint());
    if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
  }
  await flushTraces();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    `${process.env['CRM_TRACES_EXPORTER'] ?? 'none'}: ${N} registrations' telemetry: CPU ${((cpu.user + cpu.system) / N).toFixed(1)} µs per registration (all apps' hooks together), wall ${((wall / N) * 1000).toFixed(1)} µs`,
  );
  const m = await metricsExposition();
  console.log(`metrics exposition: ${m.body.length} bytes`);
  await tracing.shutdown();
}
void main();
