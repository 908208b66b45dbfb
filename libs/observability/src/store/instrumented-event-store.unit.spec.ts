import { InMemoryEventStore, WrongExpectedVersionError, type NewEvent } from '@crm/event-sourcing';
import { register } from 'prom-client';
import { platformMetrics } from '../metrics/platform-metrics';
import { metricValue } from '../testing';
import { instrumentEventStore } from './instrumented-event-store';

const opened = (id: string): NewEvent => ({
  eventId: id,
  type: 'counters.CounterOpened',
  tenantId: 'tenant-1',
  occurredAt: '2026-01-02T03:04:05.678Z',
  actor: { kind: 'system', name: 'test' },
  correlationId: 'corr-1',
  causationId: 'corr-1',
  data: {},
});

async function value(name: string, labels: Record<string, string>): Promise<number> {
  return metricValue(await register.metrics(), name, labels);
}

describe('instrumentEventStore', () => {
  const raw = new InMemoryEventStore({
    eventTypes: [{ type: 'counters.CounterOpened', schemaVersion: 1 }],
  });
  const store = instrumentEventStore(raw);
  platformMetrics();

  it('counts appends by outcome: ok, replayed, and a version conflict, which it rethrows as is', async () => {
    const id = '0190f000-0000-7000-8000-000000000001';
    await store.append('counters.Counter-1', [opened(id)], { expectedVersion: 'no_stream' });
    await store.append('counters.Counter-1', [opened(id)]);
    await expect(
      store.append('counters.Counter-1', [opened('0190f000-0000-7000-8000-000000000002')], {
        expectedVersion: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);

    const context = { context: 'counters' };
    expect(await value('crm_event_store_appends_total', { ...context, outcome: 'ok' })).toBe(1);
    expect(await value('crm_event_store_appends_total', { ...context, outcome: 'replayed' })).toBe(
      1,
    );
    expect(await value('crm_event_store_appends_total', { ...context, outcome: 'conflict' })).toBe(
      1,
    );
    expect(await value('crm_event_store_appended_events_total', context)).toBe(1);
    expect(await value('crm_event_store_append_duration_seconds_count', context)).toBe(3);
  });

  it('passes every other call straight to the store', async () => {
    const read = await store.readStream('counters.Counter-1');
    expect(read.streamVersion).toBe(1);
    expect(store).toBeInstanceOf(InMemoryEventStore);
  });
});
