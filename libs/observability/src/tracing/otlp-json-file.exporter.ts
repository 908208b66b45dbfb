// Writes finished spans as OTLP/JSON, one ExportTraceServiceRequest per line (JSON Lines), the
// format the OpenTelemetry Collector's `otlpjsonfile` receiver and file exporter use, so a file
// can be replayed into any OTLP back end. Serialised by the official otlp-transformer. Appends
// with O_APPEND in one write per batch, so several apps may share one file on a local disk.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

export class OtlpJsonFileSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      const body = JsonTraceSerializer.serializeRequest(spans);
      if (body) appendFileSync(this.path, Buffer.concat([Buffer.from(body), Buffer.from('\n')]));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}
