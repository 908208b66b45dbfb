// Durable timers on the real PostgreSQL: each due timer fires once in effect with competing workers
// (never two at once within a lease) and after a crash mid-fire (again after the lease), no
// transaction stays open while commands are sent, cancelled timers never fire, moved ones fire at their new
// instant, and a daily 09:00 Paris rule stays at 09:00 local across DST. Time is the test's clock.
import { startTsChild } from '@crm/messaging/testing';
import { sleep } from '@crm/messaging';
import { createThrowawayPostgresDatabase, eventually, type ThrowawayDatabase } from '@crm/testing';
import { OWNER, ManualClock, remindersWorld, type RemindersWorld } from './testing/reminders';
import { timerBacklog } from './timer-backlog';
import { rewindRecurringTimers } from './timer-rewind';
import type { TimerFiring } from './timer-worker';

jest.setTimeout(60_000);

const T = '2026-06-01T10:00:00.000Z';
const TENANT = 'tenant-1';
const command = { type: 'SendReminder', data: {} };

let database: ThrowawayDatabase;
let clock: ManualClock;
let world: RemindersWorld;

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'timers' });
  clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  world = await remindersWorld(database.url, clock);
});

afterAll(async () => {
  await world?.close();
  await database?.drop();
});

/** A one-shot timer of the test tenant sending the test command. */
const scheduleAt = (key: string, at: string) =>
  world.scheduler.schedule({ tenantId: TENANT, key, command, schedule: { at } });

beforeEach(async () => {
  await world.pool.query('DELETE FROM timers.timers');
  world.firings.length = 0;
  clock.set('2026-06-01T09:00:00Z');
});

describe('durable timers', () => {
  it('fires each of 300 timers exactly once with two workers competing, not before they are due', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `race-${i}`);
    await world.scheduler.scheduleMany(
      keys.map((key) => ({ tenantId: TENANT, key, command, schedule: { at: T } })),
    );
    const a = world.worker({ batchSize: 25 });
    const b = world.worker({ batchSize: 25 });
    clock.set(new Date(new Date(T).getTime() - 1));
    expect(await a.drain()).toBe(0);

    clock.set(T);
    const [byA, byB] = await Promise.all([a.drain(), b.drain()]);
    expect(byA + byB).toBe(300);
    expect(world.firings).toHaveLength(300);
    expect(new Set(world.firings.map((f) => f.key)).size).toBe(300);
    expect(world.firings[0]).toMatchObject({
      tenantId: TENANT,
      command,
      actor: { kind: 'system', name: 'reminders.timers' },
    });
    expect(await world.sent('race-7')).toEqual([T]);
    expect(await world.scheduler.get(TENANT, 'race-7')).toMatchObject({
      status: 'done',
      firedCount: 1,
    });
    expect(await a.drain()).toBe(0);
  });

  it('fires again after the lease when the worker dies mid-fire (kill -9), with one effect', async () => {
    await scheduleAt('crash', T);
    const leaseMs = 2000;
    const child = startTsChild('libs/timers/src/testing/crash-mid-fire.child.ts', [], {
      CRM_TEST_DB_URL: database.url,
      CRM_TEST_NOW: T,
      CRM_TEST_LEASE_MS: String(leaseMs),
    });
    await child.exited;
    const died = Date.now();
    expect(child.process.signalCode).toBe('SIGKILL');
    expect(child.output()).toContain('fired crash');
    expect(await world.sent('crash')).toEqual([T]);
    // The dead worker's lease still holds the timer: nobody fires it again before the lease ends.
    expect(await world.scheduler.get(TENANT, 'crash')).toMatchObject({ status: 'scheduled' });
    clock.set(T);
    const worker = world.worker();
    expect(await worker.drain()).toBe(0);

    // After the lease, any worker takes it again, with the same idempotency key: no second effect.
    await eventually(async () => expect(await worker.drain()).toBe(1), { timeoutMs: 10_000 });
    expect(Date.now() - died).toBeGreaterThanOrEqual(leaseMs - 500);
    expect(world.firings.map((f) => f.key)).toEqual(['crash']);
    expect(await world.sent('crash')).toEqual([T]);
    expect(await world.scheduler.get(TENANT, 'crash')).toMatchObject({
      status: 'done',
      firedCount: 1,
    });
  });

  it('never has two workers fire the same timer at once within a lease', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `slow-${i}`);
    await world.scheduler.scheduleMany(
      keys.map((key) => ({ tenantId: TENANT, key, command, schedule: { at: T } })),
    );
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const slowFire = async (firing: TimerFiring): Promise<void> => {
      if (inFlight.has(firing.key)) overlaps.push(firing.key);
      inFlight.add(firing.key);
      world.firings.push(firing);
      await sleep(150);
      await world.send(firing);
      inFlight.delete(firing.key);
    };
    const workers = [1, 2, 3].map(() =>
      world.worker({ batchSize: 4, concurrency: 2, fire: slowFire }),
    );
    clock.set(T);
    // Each worker loops on its own: while one fires, the others claim (they do not wait for it).
    const taken = await Promise.all(workers.map((w) => w.drain()));
    expect(taken.reduce((a, b) => a + b, 0)).toBe(12);
    expect(overlaps).toEqual([]);
    expect(world.firings).toHaveLength(12);
    for (const key of keys) expect(await world.sent(key)).toEqual([T]);
  });

  it('keeps no transaction open while it fires (a slow command)', async () => {
    await scheduleAt('slow', T);
    let release!: () => void;
    const firing = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const worker = world.worker({
      fire: async (f) => {
        started();
        await firing;
        await world.send(f);
      },
    });
    clock.set(T);
    const drained = worker.drain();
    await hasStarted;
    const { rows } = await world.pool.query<{ state: string; query: string }>(
      `SELECT state, query FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND state LIKE 'idle in transaction%'`,
    );
    release();
    expect(await drained).toBe(1);
    expect(rows).toEqual([]);
    expect(await world.sent('slow')).toEqual([T]);
  });

  it('records nothing for a timer moved while it was firing: the new schedule stands', async () => {
    await scheduleAt('moved', T);
    const later = '2026-06-03T10:00:00.000Z';
    const worker = world.worker({
      fire: async (f) => {
        await world.send(f);
        await world.scheduler.reschedule(TENANT, 'moved', { at: later });
      },
    });
    clock.set(T);
    expect(await worker.drain()).toBe(1);
    expect(await world.scheduler.get(TENANT, 'moved')).toMatchObject({
      status: 'scheduled',
      dueAt: new Date(later),
    });
  });

  it('never fires a cancelled timer, and fires a moved one at its new instant only', async () => {
    await scheduleAt('cancel-me', T);
    await scheduleAt('move-me', T);
    expect(await world.scheduler.cancel(TENANT, 'cancel-me')).toBe(true);
    const later = '2026-06-02T10:00:00.000Z';
    expect(await world.scheduler.reschedule(TENANT, 'move-me', { at: later })).toBe(true);
    const worker = world.worker();

    clock.set(T);
    expect(await worker.drain()).toBe(0);
    clock.set(later);
    expect(await worker.drain()).toBe(1);
    expect(await world.sent('cancel-me')).toEqual([]);
    expect(await world.sent('move-me')).toEqual([later]);
    expect(await world.scheduler.get(TENANT, 'cancel-me')).toMatchObject({ status: 'cancelled' });
    expect(await world.scheduler.cancel(TENANT, 'move-me')).toBe(false);
    expect(await world.scheduler.reschedule(TENANT, 'unknown', { at: later })).toBe(false);
  });

  it('fires a daily 09:00 Europe/Paris rule at 09:00 local before and after the DST change', async () => {
    clock.set('2026-03-27T12:00:00Z');
    const due = await world.scheduler.schedule({
      tenantId: TENANT,
      key: 'daily-digest',
      command,
      schedule: { cron: '0 9 * * *', timeZone: 'Europe/Paris' },
    });
    expect(due.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    const worker = world.worker();
    for (const instant of [
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]) {
      clock.set(new Date(new Date(instant).getTime() - 1000));
      expect(await worker.drain()).toBe(0);
      clock.set(instant);
      expect(await worker.drain()).toBe(1);
    }
    expect(await world.sent('daily-digest')).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
    expect(await world.scheduler.get(TENANT, 'daily-digest')).toMatchObject({
      status: 'scheduled',
      firedCount: 3,
      dueAt: new Date('2026-03-31T07:00:00.000Z'),
    });
  });

  it('retries a failed firing later with the same idempotency key', async () => {
    await scheduleAt('flaky', T);
    let calls = 0;
    const worker = world.worker({
      fire: async (firing) => {
        world.firings.push(firing);
        calls += 1;
        if (calls === 1) throw new Error('mail server down');
        await world.send(firing);
      },
      retryDelayMs: () => 60_000,
    });
    clock.set(T);
    expect(await worker.drain()).toBe(1);
    expect(await world.scheduler.get(TENANT, 'flaky')).toMatchObject({
      status: 'scheduled',
      attempts: 1,
      lastError: 'mail server down',
    });
    expect(await worker.drain()).toBe(0);
    clock.set(new Date(new Date(T).getTime() + 60_000));
    expect(await worker.drain()).toBe(1);
    expect(new Set(world.firings.map((f) => f.idempotencyKey)).size).toBe(1);
    expect(await world.sent('flaky')).toEqual([T]);
  });

  it('reports the backlog: timers due and not fired, per owner, until a worker fires them', async () => {
    await world.scheduler.scheduleMany(
      ['b-1', 'b-2', 'b-3'].map((key) => ({ tenantId: TENANT, key, command, schedule: { at: T } })),
    );
    clock.set(new Date(new Date(T).getTime() - 1));
    expect(await timerBacklog(world.pool, clock.now())).toEqual([]);
    clock.set(T);
    expect(await timerBacklog(world.pool, clock.now())).toEqual([{ owner: OWNER, due: 3 }]);
    expect(await world.worker().drain()).toBe(3);
    expect(await timerBacklog(world.pool, clock.now())).toEqual([]);
  });

  it('brings recurring timers back to their next occurrence when the test clock moves back', async () => {
    clock.set('2026-06-10T12:00:00Z'); // the clock jumped ahead; a daily timer fires there
    await world.scheduler.schedule({
      tenantId: TENANT,
      key: 'nightly',
      command,
      schedule: { cron: '0 2 * * *', timeZone: 'UTC' },
    });
    await world.scheduler.schedule({
      tenantId: TENANT,
      key: 'once',
      command,
      schedule: { at: '2026-06-12T00:00:00Z' },
    });
    clock.set('2026-06-01T09:00:00Z'); // and back to "today"
    expect(await rewindRecurringTimers(world.pool, clock.now())).toBe(1);
    expect(await world.scheduler.get(TENANT, 'nightly')).toMatchObject({
      dueAt: new Date('2026-06-02T02:00:00.000Z'),
    });
    expect(await world.scheduler.get(TENANT, 'once')).toMatchObject({
      dueAt: new Date('2026-06-12T00:00:00.000Z'),
    });
    expect(await rewindRecurringTimers(world.pool, clock.now())).toBe(0);
  });

  it('fires what was due first first, within a tenant, when the clock passes several instants at once', async () => {
    const later = '2026-06-01T11:00:00.000Z';
    await scheduleAt('notice', T);
    await scheduleAt('end', later);
    const steps: string[] = [];
    const worker = world.worker({
      fire: async (firing) => {
        steps.push(`start ${firing.key}`);
        if (firing.key === 'notice') await sleep(200);
        steps.push(`done ${firing.key}`);
      },
    });
    clock.set('2026-06-01T12:00:00Z');
    expect(await worker.drain()).toBe(2);
    expect(steps).toEqual(['start notice', 'done notice', 'start end', 'done end']);
  });
});
