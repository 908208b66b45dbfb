// Installs the OpenTelemetry tracing SDK for one app, or nothing when traces are off (the API's
// no-op tracer then costs a few allocations per span). Context travels in AsyncLocalStorage; the
// W3C trace-context propagator writes and reads `traceparent` (gRPC metadata, Kafka headers).
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import type { ObservabilityConfig } from '../config/observability.config';
import { derivedIds } from './derived-id-generator';
import { OtlpJsonFileSpanExporter } from './otlp-json-file.exporter';

export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is buffered and stops the SDK (call on shutdown). */
  shutdown(): Promise<void>;
}

let installed: TracerProvider | undefined;

export function startTracing(config: ObservabilityConfig, serviceName: string): Tracing {
  if (config.tracesExporter === 'none' || installed) return { enabled: !!installed, shutdown };
  const exporter: SpanExporter =
    config.tracesExporter === 'file'
      ? new OtlpJsonFileSpanExporter(config.tracesFile)
      : new ConsoleSpanExporter();
  installed = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'crm' }),
    // On the trace id alone, which is derived from the correlation id: every app keeps or drops
    // the same requests, with no sampled flag needed across the store and Kafka.
    sampler:
      config.tracesSampleRatio >= 1
        ? new AlwaysOnSampler()
        : new TraceIdRatioBasedSampler(config.tracesSampleRatio),
    idGenerator: derivedIds,
    spanProcessors: [
      new BatchSpanProcessor({ exporter, scheduledDelayMillis: 500, maxQueueSize: 8192 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(installed);
  return { enabled: true, shutdown };
}

/** Whether this process exports spans; hot paths skip building spans nobody records otherwise. */
export function isTracingEnabled(): boolean {
  return installed !== undefined;
}

async function shutdown(): Promise<void> {
  await installed?.shutdown();
}

/** Exports buffered spans now (tests read the file right after a request). */
export async function flushTraces(): Promise<void> {
  await installed?.forceFlush();
}
