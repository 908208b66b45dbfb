import fc from 'fast-check';
import { sealEvents, type PreparedEvent } from '../append-preparation';
import { computeEventHash } from '../integrity/event-hash';
import {
  ENVELOPE_FORMAT,
  META,
  fromKurrentRecordedEvent,
  globalToPosition,
  positionToGlobal,
  revisionToVersion,
  toKurrentEventData,
  versionToRevision,
  type KurrentRecordedEvent,
} from './kurrentdb-event.mapper';

const prepared = (data: unknown, overrides: Partial<PreparedEvent> = {}): PreparedEvent => ({
  eventId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  type: 'customers.CustomerRegistered',
  schemaVersion: 2,
  tenantId: 'tenant-1',
  occurredAt: '2025-03-01T10:00:00.000Z',
  actor: { kind: 'user', userId: 'u-1', roles: ['sales-rep', 'admin'] },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  data,
  dataJson: JSON.stringify(data),
  ...overrides,
});

/** What KurrentDB hands back for an event the client appended (JSON data and metadata parsed). */
function recordedFrom(
  streamId: string,
  written: ReturnType<typeof toKurrentEventData>,
  revision: bigint,
  commit: bigint,
): KurrentRecordedEvent {
  return {
    streamId,
    id: written.id.toUpperCase(), // servers may differ in UUID case
    revision,
    type: written.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    created: new Date('2025-03-01T10:00:01.000Z'),
    position: { commit, prepare: commit },
  };
}

describe('KurrentDB event mapping', () => {
  it('round-trips every envelope field, and the integrity hash still verifies (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 0, max: 5 }),
        fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }),
        (data, before, commit) => {
          const normalised = JSON.parse(JSON.stringify({ data })).data as unknown;
          const [sealed] = sealEvents(
            'customers.Customer-42',
            [prepared(normalised)],
            before,
            before === 0 ? null : 'a'.repeat(64),
          );
          if (!sealed) throw new Error('no event');
          const written = toKurrentEventData(sealed);
          const envelope = fromKurrentRecordedEvent(
            recordedFrom(sealed.streamId, written, BigInt(before), commit),
          );

          expect(envelope).toEqual({
            eventId: sealed.eventId,
            type: sealed.type,
            schemaVersion: 2,
            streamId: 'customers.Customer-42',
            streamVersion: before + 1,
            globalPosition: Number(commit),
            tenantId: 'tenant-1',
            occurredAt: sealed.occurredAt,
            actor: sealed.actor,
            correlationId: 'corr-1',
            causationId: 'cause-1',
            data: normalised,
            hash: sealed.hash,
            previousHash: sealed.previousHash,
          });
          expect(computeEventHash(envelope!)).toBe(sealed.hash);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes KurrentDB-native fields and flat string metadata (what multi-stream appends accept)', () => {
    const [sealed] = sealEvents('customers.Customer-42', [prepared({ name: 'Ada' })], 0, null);
    const written = toKurrentEventData(sealed!);
    expect(written).toMatchObject({
      id: sealed!.eventId,
      type: 'customers.CustomerRegistered',
      contentType: 'application/json',
      data: { name: 'Ada' },
    });
    expect(Object.values(written.metadata as object).every((v) => typeof v === 'string')).toBe(
      true,
    );
    expect(written.metadata).toMatchObject({
      [META.format]: ENVELOPE_FORMAT,
      [META.previousHash]: '',
      [META.correlationId]: 'corr-1',
      [META.causationId]: 'cause-1',
    });
    // `$` keys are reserved for the server in multi-stream appends.
    expect(Object.keys(written.metadata as object).some((k) => k.startsWith('$'))).toBe(false);
  });

  it('skips events that this platform did not write instead of half-decoding them', () => {
    const foreign: KurrentRecordedEvent = {
      streamId: '$stats-127.0.0.1:2113',
      id: 'x',
      revision: 0n,
      type: '$statsCollected',
      isJson: true,
      data: {},
      metadata: { $correlationId: 'c' },
      created: new Date(),
    };
    expect(fromKurrentRecordedEvent(foreign)).toBeUndefined();
    expect(fromKurrentRecordedEvent({ ...foreign, metadata: undefined })).toBeUndefined();
  });

  it('reads metadata delivered as raw bytes', () => {
    const [sealed] = sealEvents('customers.Customer-42', [prepared({})], 0, null);
    const written = toKurrentEventData(sealed!);
    const recorded = recordedFrom(sealed!.streamId, written, 0n, 10n);
    const bytes = new Uint8Array(Buffer.from(JSON.stringify(written.metadata)));
    expect(fromKurrentRecordedEvent({ ...recorded, metadata: bytes })?.hash).toBe(sealed!.hash);
  });

  it('reads a payload that arrives as bytes', () => {
    const [sealed] = sealEvents('customers.Customer-42', [prepared({ name: 'Zoë' })], 0, null);
    const recorded = recordedFrom(sealed!.streamId, toKurrentEventData(sealed!), 0n, 10n);
    const asBytes = {
      ...recorded,
      isJson: false,
      data: new Uint8Array(Buffer.from(JSON.stringify({ name: 'Zoë' }))),
    };
    expect(fromKurrentRecordedEvent(asBytes)?.data).toEqual({ name: 'Zoë' });
  });

  it('maps 1-based versions to 0-based revisions and commit positions to global positions', () => {
    expect(versionToRevision(1)).toBe(0n);
    expect(revisionToVersion(41n)).toBe(42);
    expect(() => versionToRevision(0)).toThrow(RangeError);
    expect(positionToGlobal({ commit: 12345n, prepare: 12345n })).toBe(12345);
    expect(globalToPosition(77)).toEqual({ commit: 77n, prepare: 77n });
    expect(() => positionToGlobal({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
  });
});
