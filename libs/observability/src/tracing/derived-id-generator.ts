// An IdGenerator that hands out random ids, except for the one span started inside `withIds`,
// which gets the ids asked for. `Tracer.startSpan` draws its ids synchronously, so setting them
// just before the call and clearing them after cannot leak into another span (ADR 0125).
import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace';

export interface ChosenIds {
  readonly traceId?: string;
  readonly spanId?: string;
}

export class DerivedIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private chosen: ChosenIds | undefined;

  /** Runs `start` (a synchronous `startSpan`) with the given ids for the span it creates. */
  withIds<T>(ids: ChosenIds, start: () => T): T {
    this.chosen = ids;
    try {
      return start();
    } finally {
      this.chosen = undefined;
    }
  }

  generateTraceId(): string {
    return this.chosen?.traceId ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return this.chosen?.spanId ?? this.random.generateSpanId();
  }
}

/** One per process: the tracer provider and the span helpers share it. */
export const derivedIds = new DerivedIdGenerator();
