import { isEventEnvelope, validateActor, validateEventEnvelope } from './envelope.schema';

const valid = {
  eventId: '0190a3c4-7e1b-7cc2-9b1a-6f1e2d3c4b5a',
  type: 'customers.CustomerRegistered',
  schemaVersion: 1,
  streamId: 'customers.Customer-42',
  streamVersion: 1,
  globalPosition: 17,
  tenantId: 'acme',
  occurredAt: '2025-01-31T12:00:00.000Z',
  actor: { kind: 'user', userId: 'u-1', roles: ['sales-rep'] },
  correlationId: 'req-1',
  causationId: 'cmd-1',
  data: { anything: ['goes'] },
  hash: 'a'.repeat(64),
  previousHash: null,
};

describe('envelope JSON Schema', () => {
  it('accepts a complete envelope', () => {
    expect(validateEventEnvelope(valid)).toEqual([]);
    expect(
      isEventEnvelope({
        ...valid,
        previousHash: 'b'.repeat(64),
        actor: { kind: 'system', name: 'relay' },
      }),
    ).toBe(true);
  });

  it.each([
    ['eventId', 'not-a-uuid'],
    ['type', 'CustomerRegistered'],
    ['schemaVersion', 0],
    ['streamId', 'customers-42'],
    ['streamVersion', 0],
    ['occurredAt', '2025-01-31T12:00:00Z'],
    ['hash', 'xyz'],
    ['tenantId', ''],
  ])('refuses a bad %s', (field, value) => {
    expect(validateEventEnvelope({ ...valid, [field]: value }).join()).toContain(`/${field}`);
  });

  it('requires every field and no extras', () => {
    const { correlationId: _dropped, ...missing } = valid;
    expect(isEventEnvelope(missing)).toBe(false);
    expect(isEventEnvelope({ ...valid, extra: 1 })).toBe(false);
  });

  it('validates actors', () => {
    expect(validateActor({ kind: 'user', userId: 'u', roles: [] })).toEqual([]);
    expect(validateActor({ kind: 'user', userId: 'u' })).not.toEqual([]);
    expect(validateActor({ kind: 'system' })).not.toEqual([]);
  });
});
