// The platform's Prometheus metrics, one set per process on prom-client's default registry, named
// `crm_<subsystem>_<what>_<unit>` (docs/operations/metrics.md). Instruments that count events as
// they happen are plain counters and histograms; state that an app already knows (lags, backlogs)
// is read at scrape time from the sources the app registers, so nothing runs between scrapes.
import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

/** Latency buckets in seconds: 1 ms to 10 s (the P5 goal is 150 ms end to end, 50 ms per answer). */
const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Freshness of a projected event: from the command's decision to the read model, up to 2 min. */
const AGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** A labelled value read when Prometheus scrapes. */
export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}
export type SampleSource = () => readonly Sample[] | Promise<readonly Sample[]>;

/** A gauge whose value is read at scrape time from every source registered by the running apps. */
class ScrapedGauge {
  private readonly sources = new Set<SampleSource>();

  constructor(name: string, help: string, labelNames: readonly string[]) {
    const sources = this.sources;
    new Gauge({
      name,
      help,
      labelNames,
      async collect() {
        this.reset();
        for (const source of sources) {
          const samples = await Promise.resolve()
            .then(source)
            .catch(() => []);
          for (const sample of samples) this.set(sample.labels, sample.value);
        }
      },
    });
  }

  /** Adds a source; the returned function removes it (when the app stops). */
  add(source: SampleSource): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }
}

function createPlatformMetrics() {
  // process_cpu_seconds_total, nodejs_eventloop_lag_seconds, heap sizes…, under the crm_ prefix.
  collectDefaultMetrics({ prefix: 'crm_' });
  return {
    graphqlOperations: new Counter({
      name: 'crm_graphql_operations_total',
      help: 'GraphQL operations answered by the gateway, by root field, type and outcome (ok or the first error code).',
      labelNames: ['operation', 'type', 'outcome'],
    }),
    graphqlDuration: new Histogram({
      name: 'crm_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its answer.',
      labelNames: ['operation', 'type'],
      buckets: LATENCY_BUCKETS,
    }),
    rpcRequests: new Counter({
      name: 'crm_rpc_requests_total',
      help: 'gRPC calls served, by service, method and status code.',
      labelNames: ['service', 'method', 'code'],
    }),
    rpcDuration: new Histogram({
      name: 'crm_rpc_request_duration_seconds',
      help: 'Time a service spent on a gRPC call (verify, parse, load, decide, append).',
      labelNames: ['service', 'method'],
      buckets: LATENCY_BUCKETS,
    }),
    appends: new Counter({
      name: 'crm_event_store_appends_total',
      help: 'Appends to the event store, by context and outcome (ok, replayed, conflict, error).',
      labelNames: ['context', 'outcome'],
    }),
    appendedEvents: new Counter({
      name: 'crm_event_store_appended_events_total',
      help: 'Events written by appends.',
      labelNames: ['context'],
    }),
    appendDuration: new Histogram({
      name: 'crm_event_store_append_duration_seconds',
      help: 'Time of one append (one stream, or one appendMany) including its commit.',
      labelNames: ['context'],
      buckets: LATENCY_BUCKETS,
    }),
    relayPublished: new Counter({
      name: 'crm_relay_published_events_total',
      help: 'Events the relay published to Kafka (acknowledged).',
      labelNames: ['relay'],
    }),
    relayBatchDuration: new Histogram({
      name: 'crm_relay_batch_duration_seconds',
      help: 'Time to publish one batch to Kafka and move the checkpoint.',
      labelNames: ['relay'],
      buckets: LATENCY_BUCKETS,
    }),
    relayLag: new ScrapedGauge(
      'crm_relay_lag_events',
      'Events in the store not yet published (store head − relay checkpoint), as last measured.',
      ['relay'],
    ),
    projectionApplied: new Counter({
      name: 'crm_projection_applied_events_total',
      help: 'Events applied to a read model.',
      labelNames: ['projection'],
    }),
    projectionBatchDuration: new Histogram({
      name: 'crm_projection_batch_duration_seconds',
      help: 'Time to apply one batch of events to a read model.',
      labelNames: ['projection'],
      buckets: LATENCY_BUCKETS,
    }),
    projectionEventAge: new Histogram({
      name: 'crm_projection_event_age_seconds',
      help: 'Age of an event when a read model applied it (occurredAt to applied): the freshness users see.',
      labelNames: ['projection'],
      buckets: AGE_BUCKETS,
    }),
    projectionLag: new ScrapedGauge(
      'crm_projection_lag_events',
      'Events not yet applied by a read model (store source: head − checkpoint; Kafka source: the consumer lag).',
      ['projection', 'source'],
    ),
    kafkaConsumerLag: new ScrapedGauge(
      'crm_kafka_consumer_lag_messages',
      'Messages on the consumer group’s partitions past its position (end offset − next offset).',
      ['group'],
    ),
    reactorLag: new ScrapedGauge(
      'crm_reactor_lag_events',
      'Events of the global log a reactor has not yet handled (head − checkpoint).',
      ['reactor'],
    ),
    timerBacklog: new ScrapedGauge(
      'crm_timer_backlog',
      'Timers due now or earlier and not yet fired, by owner.',
      ['owner'],
    ),
  };
}

export type PlatformMetrics = ReturnType<typeof createPlatformMetrics>;

let metrics: PlatformMetrics | undefined;

/** The process's metrics (created on first use, on prom-client's default registry). */
export function platformMetrics(): PlatformMetrics {
  metrics ??= createPlatformMetrics();
  return metrics;
}

/** What GET /metrics answers: the text exposition format. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  platformMetrics();
  return { contentType: register.contentType, body: await register.metrics() };
}

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
