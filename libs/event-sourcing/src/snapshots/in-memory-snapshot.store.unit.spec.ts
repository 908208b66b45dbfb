import { InMemorySnapshotStore } from './in-memory-snapshot.store';
import { describeSnapshotStoreContract } from './snapshot.store.contract';

describeSnapshotStoreContract('in memory', async () => ({
  store: new InMemorySnapshotStore(),
  prefix: 'test.Thing-',
}));
