// Lanes (`ReactorDefinition.lanes`) on the real PostgreSQL store: events of one key are handled in
// log order, one at a time; different keys run at once; and the checkpoint never passes an event
// whose lane has not finished, so a crash or a transient failure mid-batch loses nothing.
import { createThrowawayPostgresDatabase, eventually, type ThrowawayDatabase } from '@crm/testing';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Reactor } from './reactor';
import type { ReactorDefinition } from './reactor-definition';
import { tallyWorld, type TallyWorld } from './testing/tally-reactor';

jest.setTimeout(60_000);

let database: ThrowawayDatabase;
let world: TallyWorld;
let running: Reactor | undefined;

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'reactor_lanes' });
  world = await tallyWorld(database.url);
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

afterAll(async () => {
  await world?.close();
  await database?.drop();
});

const laneOf = (event: EventEnvelope) => (event.data as { lane: string }).lane;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The tally reactor in lanes keyed by the note's `lane`, with `before` run ahead of each count. The
 * counts go one at a time: the tally is one stream, and lanes appending to it at once would conflict
 * (a transient failure, so the batch is read again) and blur what the lanes themselves did.
 */
function laned(before: (event: EventEnvelope) => Promise<void>): ReactorDefinition {
  let counting = Promise.resolve();
  return {
    ...world.definition,
    lanes: { concurrency: 4, keyOf: laneOf },
    react: async (event, reaction) => {
      await before(event);
      const count = counting.then(() => world.definition.react(event, reaction));
      counting = count.catch(() => undefined);
      await count;
    },
  };
}

async function start(definition: ReactorDefinition): Promise<Reactor> {
  // Each case starts at the head: the notes of the earlier cases are not read again.
  const { head } = await world.reactor(definition).status();
  await world.reactor(definition).replayFrom(head);
  running = world.reactor(definition);
  await running.start();
  return running;
}

describe('Reactor lanes', () => {
  it('keeps each key in log order, one at a time, while different keys run at once', async () => {
    const handled = new Map<string, string[]>();
    const busy = new Set<string>();
    let overlapping = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const reactor = await start(
      laned(async (event) => {
        const lane = laneOf(event);
        if (busy.has(lane)) overlapping += 1;
        busy.add(lane);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await pause(20);
        handled.set(lane, [...(handled.get(lane) ?? []), (event.data as { text: string }).text]);
        inFlight -= 1;
        busy.delete(lane);
      }),
    );
    await reactor.stop();
    const written = new Map<string, string[]>();
    for (let i = 0; i < 24; i++) {
      const lane = `lane-${i % 3}`;
      written.set(lane, [...(written.get(lane) ?? []), `note ${i}`]);
      await world.writeNote({ text: `note ${i}`, lane });
    }
    const before = await world.count();
    await reactor.start();
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));

    expect(handled).toEqual(written);
    expect(overlapping).toBe(0);
    expect(mostInFlight).toBe(3);
    expect(await world.count()).toBe(before + 24);
  });

  it('holds the checkpoint before an event whose lane has not finished, then passes it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done: string[] = [];
    const reactor = await start(
      laned(async (event) => {
        const { text } = event.data as { text: string };
        if (text === 'slow') await gate;
        done.push(text);
      }),
    );
    await reactor.stop();
    const slow = await world.writeNote({ text: 'slow', lane: 'a' });
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await world.writeNote({ text: `fast ${i}`, lane: 'b' }));
    await reactor.start();

    await eventually(async () => expect(done).toHaveLength(5));
    await pause(300); // several polls: the checkpoint must still wait for the slow lane
    expect((await reactor.status()).checkpoint).toBeLessThan(slow.globalPosition);

    release();
    await eventually(async () => expect((await reactor.status()).lag).toBe(0));
    expect(done).toEqual(['fast 0', 'fast 1', 'fast 2', 'fast 3', 'fast 4', 'slow']);
    expect((await reactor.status()).checkpoint).toBeGreaterThanOrEqual(after[4]!.globalPosition);
  });

  it('redelivers a batch after a transient failure in one lane, with one effect per event', async () => {
    let failures = 0;
    const reactor = await start(
      laned(async (event) => {
        if ((event.data as { text: string }).text === 'flaky' && failures++ === 0)
          throw Object.assign(new Error('connection terminated'), { code: '57P01' });
      }),
    );
    await reactor.stop();
    const before = await world.count();
    await world.writeNote({ text: 'flaky', lane: 'a' });
    for (let i = 0; i < 3; i++) await world.writeNote({ text: `steady ${i}`, lane: 'b' });
    await reactor.start();

    await eventually(async () => expect((await reactor.status()).lag).toBe(0), {
      timeoutMs: 20_000,
    });
    expect(failures).toBe(2);
    expect(await world.count()).toBe(before + 4);
    expect(await reactor.parked('parked')).toEqual([]);
  });
});
