// Property: the state of an aggregate as of any instant (or global position) equals a naive fold
// of the stream's events up to that instant, whatever the interleaving with other streams.
import fc from 'fast-check';
import type { Decider } from '../decider';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { loadStateAt } from '../temporal/load-state-at';

type Event = { type: 'loyalty.PointsEarned'; data: { points: number } };
// Order-sensitive on purpose: a fold that skipped or reordered an event gives another list.
const decider: Decider<readonly number[], never, Event> = {
  initialState: [],
  decide: () => [],
  evolve: (state, event) => [...state, event.data.points],
};

const DAY = 86_400_000;
const EPOCH = Date.parse('2025-01-01T00:00:00.000Z');
const TARGET = 'loyalty.Account-target';

const eventArbitrary = fc.record({
  target: fc.boolean(),
  points: fc.integer({ min: -1000, max: 1000 }),
  // Decision times move forward per stream by 0–3 days (a clock never runs backwards).
  advanceDays: fc.integer({ min: 0, max: 3 }),
});

describe('state as of T (property)', () => {
  it('equals the naive fold of the stream prefix up to T, by time and by global position', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { minLength: 0, maxLength: 30 }),
        fc.integer({ min: -1, max: 100 }),
        fc.integer({ min: 0, max: 40 }),
        async (events, asOfDay, asOfPosition) => {
          const store = new InMemoryEventStore({
            eventTypes: [{ type: 'loyalty.PointsEarned', schemaVersion: 1 }],
          });
          const clocks = new Map<string, number>();
          const appended: { streamId: string; points: number; at: number; position: number }[] = [];
          for (const [index, event] of events.entries()) {
            const streamId = event.target ? TARGET : 'loyalty.Account-other';
            const at = (clocks.get(streamId) ?? EPOCH) + event.advanceDays * DAY;
            clocks.set(streamId, at);
            const { events: stored } = await store.append(streamId, [
              {
                eventId: `0190a3c4-7e1b-7cc2-9b1a-${index.toString(16).padStart(12, '0')}`,
                type: 'loyalty.PointsEarned',
                tenantId: 't',
                occurredAt: new Date(at).toISOString(),
                actor: { kind: 'system', name: 'property' },
                correlationId: 'c',
                causationId: 'c',
                data: { points: event.points },
              },
            ]);
            appended.push({
              streamId,
              points: event.points,
              at,
              position: stored[0]!.globalPosition,
            });
          }
          const target = appended.filter((e) => e.streamId === TARGET);
          const asOf = EPOCH + asOfDay * DAY;

          const byTime = await loadStateAt(store, decider, TARGET, { time: new Date(asOf) });
          expect(byTime.state).toEqual(target.filter((e) => e.at <= asOf).map((e) => e.points));

          const byPosition = await loadStateAt(store, decider, TARGET, {
            globalPosition: asOfPosition,
          });
          expect(byPosition.state).toEqual(
            target.filter((e) => e.position <= asOfPosition).map((e) => e.points),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
