import { sealEvents } from '../append-preparation';
import type { PreparedEvent } from '../append-preparation';
import fc from 'fast-check';
import { jsonValue } from '../testing/json-arbitrary';
import { computeEventHash, eventHashTemplate, hashFromTemplate, verifyEvents } from './event-hash';
import type { StoredEventForVerification } from './event-hash';

const base: PreparedEvent = {
  eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
  type: 'customers.CustomerRegistered',
  schemaVersion: 1,
  tenantId: 'acme',
  occurredAt: '2025-01-31T12:00:00.000Z',
  actor: { kind: 'user', userId: 'u-1', roles: ['r'] },
  correlationId: 'c',
  causationId: 'k',
  data: { name: 'Ada', tags: ['a', 'b'] },
  dataJson: '',
};

function chain(n: number): StoredEventForVerification[] {
  const events = Array.from({ length: n }, (_, i) => ({
    ...base,
    eventId: `0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5${i}`,
    data: { i },
  }));
  return sealEvents('customers.Customer-1', events, 0, null).map((e, i) => ({
    ...e,
    globalPosition: 10 + i,
  }));
}

describe('event hashing', () => {
  const fields = {
    ...base,
    streamId: 'customers.Customer-1',
    streamVersion: 1,
    previousHash: null as string | null,
  };

  it('is a SHA-256 hex digest, independent of key order and eventId case', () => {
    const hash = computeEventHash(fields);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash({ ...fields, data: { tags: ['a', 'b'], name: 'Ada' } })).toBe(hash);
    expect(computeEventHash({ ...fields, eventId: fields.eventId.toUpperCase() })).toBe(hash);
  });

  it.each<[string, Partial<typeof fields>]>([
    ['data', { data: { name: 'Adb', tags: ['a', 'b'] } }],
    ['array order', { data: { name: 'Ada', tags: ['b', 'a'] } }],
    ['type', { type: 'customers.CustomerRenamed' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['streamId', { streamId: 'customers.Customer-2' }],
    ['streamVersion', { streamVersion: 2 }],
    ['tenantId', { tenantId: 'other' }],
    ['occurredAt', { occurredAt: '2025-01-31T12:00:00.001Z' }],
    ['actor', { actor: { kind: 'system', name: 'x' } }],
    ['correlationId', { correlationId: 'd' }],
    ['causationId', { causationId: 'l' }],
    ['previousHash', { previousHash: 'f'.repeat(64) }],
  ])('changes when %s changes', (_, change) => {
    expect(computeEventHash({ ...fields, ...change })).not.toBe(computeEventHash(fields));
  });

  it('keeps hashing stored events exactly as before (golden value: stored hashes must keep verifying)', () => {
    // Recorded with the first implementation; any change to the canonical form breaks every chain.
    const data = {
      zé: 'ünï "quoted" \\ back\nline 😀',
      a: [1, -0, 1.5e300, null, true, { b: undefined, c: 'x', B: 2 }],
      '': {},
      nested: { z: [], y: false, é: 0.1 },
      skipped: undefined,
    };
    const golden = {
      ...fields,
      eventId: '0190A3C4-7E1B-7CC2-9B1A-6F1E2D3C4B5A',
      schemaVersion: 2,
      streamVersion: 7,
      actor: { kind: 'user' as const, userId: 'u-1', roles: ['r', 'é'] },
      data,
      previousHash: 'ab'.repeat(32),
    };
    expect(computeEventHash(golden)).toBe(
      '6072b7870c561c0820d1f56cb3d74c91a40d6a1862227d3b90b782bb5fcf611f',
    );
    // Fields outside the hashed envelope (a stored row's position and hash) do not count.
    expect(computeEventHash({ ...golden, globalPosition: 9, hash: 'x' } as typeof golden)).toBe(
      computeEventHash(golden),
    );
  });

  it('chains each event to the previous hash of its stream', () => {
    const events = chain(3);
    expect(events.map((e) => e.previousHash)).toEqual([null, events[0]!.hash, events[1]!.hash]);
    expect(verifyEvents(events)).toEqual([]);
  });

  it('reports a changed payload at its position and version', () => {
    const events = chain(3);
    events[1] = { ...events[1]!, data: { i: 99 } };
    expect(verifyEvents(events)).toEqual([
      expect.objectContaining({ reason: 'hash_mismatch', globalPosition: 11, streamVersion: 2 }),
    ]);
  });

  it('reports a re-hashed forgery through the broken link of the next event', () => {
    const events = chain(3);
    const forged = { ...events[1]!, data: { i: 99 } };
    events[1] = { ...forged, hash: computeEventHash(forged) };
    expect(verifyEvents(events)).toEqual([
      expect.objectContaining({ reason: 'previous_hash_mismatch', streamVersion: 3 }),
    ]);
  });

  it('reports a missing event as a version gap', () => {
    const events = chain(3);
    expect(verifyEvents([events[0]!, events[2]!])).toEqual([
      expect.objectContaining({ reason: 'version_gap', streamVersion: 3 }),
    ]);
  });

  it('requires the first event of a stream to have no previous hash', () => {
    const [first] = chain(1);
    const bad = { ...first!, previousHash: 'a'.repeat(64) };
    const rehashed = { ...bad, hash: computeEventHash(bad) };
    expect(verifyEvents([rehashed])).toEqual([
      expect.objectContaining({ reason: 'previous_hash_mismatch', streamVersion: 1 }),
    ]);
  });

  // The PostgreSQL append function hashes `head + previousHash + middle + version + tail` itself
  // (ADR 0120): that text must be exactly the canonical JSON, for any payload and actor.
  it('hashes the same from the template with the holes filled in as from the full fields', () => {
    fc.assert(
      fc.property(
        jsonValue,
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (data, tenantId, previousHash, streamVersion) => {
          const unchained = { ...base, data, tenantId, streamId: 'customers.Customer-1' };
          expect(hashFromTemplate(eventHashTemplate(unchained), previousHash, streamVersion)).toBe(
            computeEventHash({ ...unchained, previousHash, streamVersion }),
          );
        },
      ),
    );
  });
});
