import { InMemoryErasureLedger } from './erasure-ledger';
import { randomBytes, randomUUID } from 'node:crypto';
import { CommandHandler } from '../command-handler';
import type { Decider, DomainEvent } from '../decider';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { DataKeyStore } from './data-key-store';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';
import { masterKeyFromBytes, masterKeyRing } from './master-key';
import { ERASED_MARKER, PersonalDataCipher } from './personal-data-cipher';
import { PersonalDataEventStore } from './personal-data-event.store';
import { definePersonalDataPolicy, subjectIdFromData } from './personal-data-policy';

type Registered = DomainEvent<
  'customers.CustomerRegistered',
  { customerId: string; email: string; tier: string }
>;
type Register = { customerId: string; email: string };
const decider: Decider<{ registered: boolean; email?: string }, Register, Registered> = {
  initialState: { registered: false },
  decide: (c, s) =>
    s.registered
      ? []
      : [
          {
            type: 'customers.CustomerRegistered',
            data: { customerId: c.customerId, email: c.email, tier: 'gold' },
          },
        ],
  evolve: (_s, e) => ({ registered: true, email: e.data.email }),
};

function setup() {
  const raw = new InMemoryEventStore({
    eventTypes: [{ type: 'customers.CustomerRegistered', schemaVersion: 1 }],
  });
  const keys = new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository: new InMemoryDataKeyRepository(),
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
  });
  const policy = definePersonalDataPolicy({
    'customers.CustomerRegistered': {
      subjectId: subjectIdFromData('customerId'),
      fields: ['email'],
    },
  });
  const store = new PersonalDataEventStore(raw, new PersonalDataCipher(keys), policy);
  const handler = new CommandHandler({
    decider,
    store,
    runtime: { now: () => new Date('2025-01-01T00:00:00Z'), newId: randomUUID },
  });
  return { raw, keys, store, handler };
}

const metadata = { tenantId: 't1', actor: { kind: 'system' as const, name: 'test' } };

describe('PersonalDataEventStore', () => {
  it('the log holds ciphertext while the command handler and readers see clear values', async () => {
    const { raw, store, handler } = setup();
    const result = await handler.handle(
      'customers.Customer-c1',
      { customerId: 'c1', email: 'c1@example.org' },
      metadata,
    );

    expect(result.events[0]?.data).toEqual({
      customerId: 'c1',
      email: 'c1@example.org',
      tier: 'gold',
    });
    const stored = (await raw.readStream('customers.Customer-c1')).events[0];
    expect(JSON.stringify(stored?.data)).not.toContain('c1@example.org');
    expect((await store.readStream('customers.Customer-c1')).events[0]?.data).toEqual(
      result.events[0]?.data,
    );
    const all = [];
    for await (const e of store.readAll()) all.push(e.data);
    expect(all).toEqual([{ customerId: 'c1', email: 'c1@example.org', tier: 'gold' }]);
  });

  it('after erasure every read path shows the erased marker and the history still verifies', async () => {
    const { keys, store, handler } = setup();
    await handler.handle(
      'customers.Customer-c1',
      { customerId: 'c1', email: 'c1@example.org' },
      metadata,
    );
    await keys.erase({ tenantId: 't1', subjectId: 'c1' });

    expect((await store.readStream('customers.Customer-c1')).events[0]?.data).toEqual({
      customerId: 'c1',
      email: ERASED_MARKER,
      tier: 'gold',
    });
    expect((await store.readAllPage()).events[0]?.data).toMatchObject({ email: ERASED_MARKER });
    expect((await store.verifyStream('customers.Customer-c1')).ok).toBe(true);
  });

  it('subscribers receive decrypted events', async () => {
    const { store, handler } = setup();
    const received: unknown[] = [];
    const subscription = store.subscribeToAll(
      (events) => void received.push(...events.map((e) => e.data)),
      { pollIntervalMs: 10 },
    );
    await handler.handle(
      'customers.Customer-c2',
      { customerId: 'c2', email: 'c2@example.org' },
      metadata,
    );
    const deadline = Date.now() + 2000;
    while (received.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    expect(received).toEqual([{ customerId: 'c2', email: 'c2@example.org', tier: 'gold' }]);
  });
});
