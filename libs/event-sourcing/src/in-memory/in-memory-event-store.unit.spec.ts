// The in-memory adapter passes the same contract as the database adapters.
import { describeEventStoreContract } from '../testing/event-store.contract';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in memory', async (setup) => {
  const store = new InMemoryEventStore(setup);
  return { store, dispose: () => store.close() };
});
