// A small test context for the timers: `reminders` appends one ReminderSent per command it gets
// (not idempotent by itself), so only the firing's idempotency key keeps a re-fire at one event.
import {
  CommandHandler,
  PostgresEventStore,
  type Decider,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { TimerScheduler } from '../timer-scheduler';
import { TimerWorker, type TimerFiring, type TimerWorkerOptions } from '../timer-worker';
import { migrateTimersSchema } from '../timers.migrations';

type ReminderSent = { type: 'reminders.ReminderSent'; data: { key: string; dueAt: string } };
const reminderDecider: Decider<number, { key: string; dueAt: string }, ReminderSent> = {
  initialState: 0,
  decide: (command) => [{ type: 'reminders.ReminderSent', data: command }],
  evolve: (count) => count + 1,
};

export const OWNER = 'reminders';

/** A clock the test moves by hand. */
export class ManualClock implements RuntimeDependencies {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  newId(): string {
    return uuidv7();
  }
}

export interface RemindersWorld {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly scheduler: TimerScheduler;
  /** What the workers asked to fire, in order (including re-fires). */
  readonly firings: TimerFiring[];
  send(firing: TimerFiring): Promise<void>;
  worker(overrides?: Partial<TimerWorkerOptions>): TimerWorker;
  /** The reminders sent for a key: their due instants. */
  sent(key: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function remindersWorld(url: string, clock: ManualClock): Promise<RemindersWorld> {
  const pool = new Pool({ connectionString: url, max: 6 });
  await migrateTimersSchema(pool);
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: [{ type: 'reminders.ReminderSent', schemaVersion: 1 }],
    poolConfig: { max: 6 },
  });
  const handler = new CommandHandler({ decider: reminderDecider, store, runtime: clock });
  const firings: TimerFiring[] = [];
  const send = async (firing: TimerFiring): Promise<void> => {
    await handler.handle(
      `reminders.Reminder-${firing.key}`,
      { key: firing.key, dueAt: firing.dueAt.toISOString() },
      {
        tenantId: firing.tenantId,
        actor: firing.actor,
        idempotencyKey: firing.idempotencyKey,
      },
    );
  };
  return {
    pool,
    store,
    scheduler: new TimerScheduler(pool, OWNER, clock),
    firings,
    send,
    worker: (overrides = {}) =>
      new TimerWorker({
        pool,
        owner: OWNER,
        actorName: 'reminders.timers',
        clock,
        logger: silentLogger,
        fire: async (firing) => {
          firings.push(firing);
          await send(firing);
        },
        ...overrides,
      }),
    sent: async (key) => {
      const { events } = await store.readStream(`reminders.Reminder-${key}`);
      return events.map((e) => (e.data as { dueAt: string }).dueAt);
    },
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}
