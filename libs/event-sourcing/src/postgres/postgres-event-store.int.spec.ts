// The PostgreSQL adapter against a real server: the shared contract suite, plus what only this
// adapter has (migrations, the immutability trigger, tamper detection on raw rows, raw old rows).
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async (setup) => {
  const database: ThrowawayDatabase = await createThrowawayPostgresDatabase({
    prefix: 'es_contract',
  });
  const store = await PostgresEventStore.create({
    connectionString: database.url,
    eventTypes: setup.eventTypes,
    upcasters: setup.upcasters,
    maxEventBytes: setup.maxEventBytes,
    poolConfig: { max: 12 },
  });
  return {
    store,
    openDelayedCommitStore: () =>
      PostgresEventStore.create({
        connectionString: database.url,
        eventTypes: setup.eventTypes,
        upcasters: setup.upcasters,
        migrate: false,
        poolConfig: { max: 10 },
        testHooks: {
          // Keep the transaction (and its positions) open, so later writers commit first.
          beforeCommit: async (client, events) => {
            const delayMs =
              (events[0]?.data as { commitDelayMs?: number } | undefined)?.commitDelayMs ?? 0;
            if (delayMs > 0) await client.query('SELECT pg_sleep($1)', [delayMs / 1000]);
          },
        },
      }),
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});
