import type { Decider } from '../decider';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { loadStateAt } from './load-state-at';

type Event = { type: 'loyalty.PointsEarned'; data: { points: number } };
const decider: Decider<number, never, Event> = {
  initialState: 0,
  decide: () => [],
  evolve: (s, e) => s + e.data.points,
};

describe('temporal reads', () => {
  it('folds the stream as of a global position or a time', async () => {
    const store = new InMemoryEventStore({
      eventTypes: [{ type: 'loyalty.PointsEarned', schemaVersion: 1 }],
    });
    await store.append(
      'loyalty.Account-1',
      [1, 2, 3].map((points) => ({
        eventId: `0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5${points}`,
        type: 'loyalty.PointsEarned',
        tenantId: 't',
        occurredAt: `2025-01-0${points}T00:00:00.000Z`,
        actor: { kind: 'system' as const, name: 's' },
        correlationId: 'c',
        causationId: 'c',
        data: { points: points * 10 },
      })),
    );
    await store.append('loyalty.Account-2', [
      {
        eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b59',
        type: 'loyalty.PointsEarned',
        tenantId: 't',
        occurredAt: '2025-01-01T00:00:00.000Z',
        actor: { kind: 'system', name: 's' },
        correlationId: 'c',
        causationId: 'c',
        data: { points: 1 },
      },
    ]);
    await expect(
      loadStateAt(store, decider, 'loyalty.Account-1', { globalPosition: 2 }),
    ).resolves.toMatchObject({ state: 30, version: 2 });
    await expect(
      loadStateAt(store, decider, 'loyalty.Account-1', { globalPosition: 0 }),
    ).resolves.toMatchObject({ state: 0, version: 0 });
    await expect(
      loadStateAt(store, decider, 'loyalty.Account-1', { time: '2025-01-02T12:00:00.000Z' }),
    ).resolves.toMatchObject({ state: 30, version: 2 });
    await expect(
      loadStateAt(store, decider, 'loyalty.Account-1', { time: new Date('2030-01-01') }),
    ).resolves.toMatchObject({ state: 60, version: 3 });
    await expect(
      loadStateAt(store, decider, 'loyalty.Account-1', { time: 'nonsense' }),
    ).rejects.toThrow(RangeError);
  });
});
