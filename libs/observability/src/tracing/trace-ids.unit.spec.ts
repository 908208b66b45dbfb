import { RandomIdGenerator } from '@opentelemetry/sdk-trace';
import { DerivedIdGenerator } from './derived-id-generator';
import {
  eventSpanContext,
  spanIdForEvent,
  traceIdForCorrelation,
  traceparentOf,
} from './trace-ids';

describe('trace ids derived from correlation ids', () => {
  it('uses a UUID correlation id as the trace id, dashes removed', () => {
    expect(traceIdForCorrelation('0190F000-0000-7000-8000-0000000000AB')).toBe(
      '0190f0000000700080000000000000ab',
    );
  });

  it('hashes any other correlation id into a valid, stable 128-bit id', () => {
    const id = traceIdForCorrelation('import-run-7');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).not.toBe('0'.repeat(32));
    expect(traceIdForCorrelation('import-run-7')).toBe(id);
    expect(traceIdForCorrelation('import-run-8')).not.toBe(id);
    // The nil UUID would be the invalid trace id: it is hashed instead.
    expect(traceIdForCorrelation('00000000-0000-0000-0000-000000000000')).not.toBe('0'.repeat(32));
  });

  it('gives each event a stable 64-bit span id and a W3C traceparent under its trace', () => {
    const event = { eventId: '0190f000-0000-7000-8000-000000000001', correlationId: 'corr-1' };
    const spanId = spanIdForEvent(event.eventId);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdForEvent('0190f000-0000-7000-8000-000000000002')).not.toBe(spanId);
    expect(traceparentOf(eventSpanContext(event))).toBe(
      `00-${traceIdForCorrelation('corr-1')}-${spanId}-01`,
    );
  });
});

describe('DerivedIdGenerator', () => {
  it('hands out the chosen ids inside withIds only, random ids otherwise', () => {
    const ids = new DerivedIdGenerator();
    const chosen = ids.withIds({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, () => [
      ids.generateTraceId(),
      ids.generateSpanId(),
    ]);
    expect(chosen).toEqual(['a'.repeat(32), 'b'.repeat(16)]);
    expect(ids.generateSpanId()).not.toBe('b'.repeat(16));
    expect(ids.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(new RandomIdGenerator().generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });
});
