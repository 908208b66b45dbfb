// Observability for every app (docs/operations/tracing.md, docs/operations/metrics.md): the
// OpenTelemetry tracing SDK behind one switch, trace ids derived from correlation ids, span
// helpers for requests, gRPC, appends and the asynchronous hops, and the Prometheus metrics.
export * from './config/observability.config';
export * from './tracing/trace-ids';
export * from './tracing/tracing';
export * from './tracing/spans';
export * from './metrics/platform-metrics';
export * from './metrics/worker-metrics';
export * from './rpc/rpc-telemetry';
export * from './store/instrumented-event-store';
export * from './hops/event-hops';
export * from './http/http-request-tracing';
