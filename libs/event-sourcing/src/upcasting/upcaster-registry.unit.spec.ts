import type { EventEnvelope } from '../envelope';
import { InvalidEventError, UpcastError } from '../errors/event-store-errors';
import { EventTypeRegistry } from '../event-types/event-type-registry';
import { UpcasterRegistry } from './upcaster-registry';

const TYPE = 'customers.CustomerRegistered';
const stored = (schemaVersion: number, data: unknown): EventEnvelope => ({
  eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
  type: TYPE,
  schemaVersion,
  streamId: 'customers.Customer-1',
  streamVersion: 1,
  globalPosition: 1,
  tenantId: 't',
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { kind: 'system', name: 's' },
  correlationId: 'c',
  causationId: 'c',
  data,
  hash: 'a'.repeat(64),
  previousHash: null,
});

const v1ToV2 = {
  type: TYPE,
  fromSchemaVersion: 1,
  upcast: (d: { fullName: string }) => ({ name: d.fullName }),
};
const v2ToV3 = {
  type: TYPE,
  fromSchemaVersion: 2,
  upcast: (d: { name: string }) => ({ name: d.name, vip: false }),
};

describe('UpcasterRegistry', () => {
  it('chains upcasters from the stored version to the current one, keeping type and hash', () => {
    const registry = new UpcasterRegistry([v2ToV3, v1ToV2]);
    const types = new EventTypeRegistry([{ type: TYPE, schemaVersion: 3 }]);
    const upcast = registry.upcast(stored(1, { fullName: 'Ada' }), types);
    expect(upcast).toMatchObject({
      type: TYPE,
      schemaVersion: 3,
      data: { name: 'Ada', vip: false },
      hash: 'a'.repeat(64),
    });
    expect(registry.upcast(stored(2, { name: 'Bo' }), types).data).toEqual({
      name: 'Bo',
      vip: false,
    });
  });

  it('leaves current events and unknown types untouched', () => {
    const registry = new UpcasterRegistry([v1ToV2]);
    const types = new EventTypeRegistry([{ type: TYPE, schemaVersion: 2 }]);
    const current = stored(2, { name: 'x' });
    expect(registry.upcast(current, types)).toBe(current);
    const other = { ...stored(1, {}), type: 'sales.LeadCaptured' };
    expect(registry.upcast(other, types)).toBe(other);
  });

  it('without a type registry, applies the chain as far as it goes', () => {
    expect(new UpcasterRegistry([v1ToV2]).upcast(stored(1, { fullName: 'A' })).schemaVersion).toBe(
      2,
    );
  });

  it('fails clearly when a step of the chain is missing or the event is newer than the reader', () => {
    const types = new EventTypeRegistry([{ type: TYPE, schemaVersion: 3 }]);
    expect(() =>
      new UpcasterRegistry([v1ToV2]).upcast(stored(1, { fullName: 'A' }), types),
    ).toThrow(UpcastError);
    expect(() => new UpcasterRegistry().upcast(stored(4, {}), types)).toThrow(
      /newer than this reader/,
    );
  });

  it('wraps an upcaster failure with the event it failed on', () => {
    const broken = new UpcasterRegistry([
      {
        type: TYPE,
        fromSchemaVersion: 1,
        upcast: () => {
          throw new Error('boom');
        },
      },
    ]);
    let error: unknown;
    try {
      broken.upcast(stored(1, {}));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'UPCAST_FAILED',
      fromSchemaVersion: 1,
      message: expect.stringContaining('boom') as unknown,
    });
  });

  it('refuses two upcasters for the same step', () => {
    expect(() => new UpcasterRegistry([v1ToV2, v1ToV2])).toThrow(InvalidEventError);
  });
});
