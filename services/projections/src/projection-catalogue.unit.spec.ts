import {
  PersonalDataEventStore,
  PostgresEventStore,
  masterKeyFromBytes,
  masterKeyRing,
} from '@crm/event-sourcing';
import { CUSTOMER_PROJECTIONS } from './customers';
import { projectionStore } from './projection-catalogue';

describe('projection catalogue store views', () => {
  // A pool is created lazily connected: nothing here reaches a server.
  const store = new PostgresEventStore({
    connectionString: 'postgres://127.0.0.1:1/unused',
    eventTypes: [],
  });
  const saved = process.env.CRM_MASTER_KEY;
  beforeEach(() => delete process.env.CRM_MASTER_KEY);
  afterAll(async () => {
    if (saved !== undefined) process.env.CRM_MASTER_KEY = saved;
    await store.close();
  });

  it('decrypts customer projections with the master keys of the validated config, not process.env', async () => {
    const keys = masterKeyRing(masterKeyFromBytes(Buffer.alloc(32, 9)));
    for (const definition of CUSTOMER_PROJECTIONS)
      expect(await projectionStore(definition, store, keys)).toBeInstanceOf(PersonalDataEventStore);
  });
});
