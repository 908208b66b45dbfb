// The reactor runtime on the real PostgreSQL store, with a reaction that is not idempotent by itself
// (`tally` adds one per note): only the idempotency key derived from the source event id keeps
// duplicate delivery, replay and a kill -9 between command and checkpoint at one effect.
import { startTsChild } from '@crm/messaging/testing';
import { createThrowawayPostgresDatabase, eventually, type ThrowawayDatabase } from '@crm/testing';
import type { Reactor } from './reactor';
import { tallyWorld, type TallyWorld } from './testing/tally-reactor';

jest.setTimeout(60_000);

let database: ThrowawayDatabase;
let world: TallyWorld;
const started: Reactor[] = [];

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'reactors' });
  world = await tallyWorld(database.url);
});

afterAll(async () => {
  for (const reactor of started) await reactor.stop();
  await world?.close();
  await database?.drop();
});

function run(reactor: Reactor): Reactor {
  started.push(reactor);
  return reactor;
}

async function caughtUp(reactor: Reactor): Promise<void> {
  await eventually(async () => expect((await reactor.status()).lag).toBe(0));
}

describe('Reactor', () => {
  it('rejects a name that cannot serve as a service identity', () => {
    expect(() => world.reactor({ ...world.definition, name: 'Tally Counter' })).toThrow(
      /<context>\.<kebab-name>/,
    );
  });

  it('counts each note once across duplicate delivery by two replicas and replays from zero', async () => {
    for (let i = 0; i < 10; i++) await world.writeNote({ text: `note ${i}` });
    const a = run(world.reactor());
    const b = run(world.reactor());
    await Promise.all([a.start(), b.start()]);
    await caughtUp(a);
    expect(await world.count()).toBe(10);

    await a.replayFrom(0);
    await caughtUp(a);
    await b.stop();
    await b.replayFrom(0);
    await b.start();
    await caughtUp(b);
    expect(await world.count()).toBe(10);
    const status = await a.status();
    expect(status).toMatchObject({ name: 'tally.note-counter', running: true, parked: 0, lag: 0 });
  });

  it('counts a note once after a kill -9 between the command and the checkpoint', async () => {
    for (const reactor of started) await reactor.stop();
    const before = await world.count();
    const note = await world.writeNote({ text: 'crash me' });
    const checkpoint = (await world.reactor().status()).checkpoint;
    expect(checkpoint).toBeLessThan(note.globalPosition);

    const child = startTsChild('libs/reactors/src/testing/crash-after-command.child.ts', [], {
      CRM_TEST_DB_URL: database.url,
    });
    await child.exited;
    expect(child.process.signalCode).toBe('SIGKILL');
    expect(child.output()).toContain(`commanded ${note.eventId}`);
    expect(await world.count()).toBe(before + 1);
    expect((await world.reactor().status()).checkpoint).toBe(checkpoint);

    const restarted = run(world.reactor());
    await restarted.start();
    await caughtUp(restarted);
    expect(await world.count()).toBe(before + 1);
  });

  it('parks a note that breaks its contract, goes on with the next, and keeps it parked on retry', async () => {
    for (const other of started) await other.stop();
    const reactor = run(world.reactor());
    await reactor.start();
    const before = await world.count();
    const poison = await world.writeNote({ text: 42 });
    await world.writeNote({ text: 'fine' });
    await caughtUp(reactor);
    expect(await world.count()).toBe(before + 1);
    expect(await reactor.parked('parked')).toEqual([
      expect.objectContaining({
        eventId: poison.eventId,
        globalPosition: poison.globalPosition,
        attempts: 1,
        reason: expect.stringMatching(/invalid_message.*\/data\/text must be string/),
      }),
    ]);
    expect((await reactor.status()).parked).toBe(1);
    await expect(reactor.retryParked()).resolves.toEqual({
      resolved: [],
      stillParked: [{ eventId: poison.eventId, reason: expect.stringMatching(/\/data\/text/) }],
    });
    expect((await reactor.parked())[0]).toMatchObject({ status: 'parked', attempts: 2 });
  });

  it('notices a replay ordered from another process (the CLI) and reads again from there', async () => {
    for (const other of started) await other.stop();
    const delivered: string[] = [];
    const running = run(
      world.reactor({
        ...world.definition,
        react: async (event, reaction) => {
          delivered.push(event.eventId);
          await world.definition.react(event, reaction);
        },
      }),
    );
    await running.start();
    await caughtUp(running);
    const before = await world.count();
    delivered.length = 0;

    await world.reactor().replayFrom(0); // another instance, not running: what the CLI does
    const note = await world.writeNote({ text: 'after the replay order' });
    await eventually(async () => {
      expect(delivered.filter((id) => id === note.eventId)).toHaveLength(2);
      await caughtUp(running);
    });
    expect(delivered.length).toBeGreaterThan(10);
    expect(await world.count()).toBe(before + 1);
  });
});
