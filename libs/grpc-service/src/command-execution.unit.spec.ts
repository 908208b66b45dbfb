import { Role, type ServiceCaller } from '@crm/access-policy';
import { commandMetadata, fingerprintWithout } from './command-execution';

const caller: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'user-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

describe('fingerprintWithout', () => {
  const fingerprint = fingerprintWithout('now');
  const command = (data: object) => ({ type: 'TagCustomer', data });

  it('is the same for a retry decided at another instant', () => {
    expect(fingerprint('s-1', command({ tag: 'vip', now: '2026-01-01T00:00:00Z' }))).toBe(
      fingerprint('s-1', command({ now: '2026-01-02T00:00:00Z', tag: 'vip' })),
    );
  });

  it('differs when what the caller sent, the command type or the stream differs', () => {
    const base = fingerprint('s-1', command({ tag: 'vip' }));
    expect(fingerprint('s-1', command({ tag: 'gold' }))).not.toBe(base);
    expect(fingerprint('s-2', command({ tag: 'vip' }))).not.toBe(base);
    expect(fingerprint('s-1', { type: 'UntagCustomer', data: { tag: 'vip' } })).not.toBe(base);
  });
});

describe('commandMetadata', () => {
  const meta = { caller, tenantId: 'tenant-a', correlationId: 'c-1' };

  it('scopes the idempotency key and takes the actor from the verified caller', () => {
    expect(commandMetadata({ ...meta, idempotencyKey: 'k' }, 'sales:AssignLead:l-1')).toEqual({
      tenantId: 'tenant-a',
      actor: { kind: 'user', userId: 'user-1', roles: [Role.ADMIN] },
      correlationId: 'c-1',
      idempotencyKey: 'sales:AssignLead:l-1:k',
    });
  });

  it('sends no key without one, and the causation as the command id', () => {
    const metadata = commandMetadata({ ...meta, causationId: 'evt-1' }, 'scope');
    expect(metadata.idempotencyKey).toBeUndefined();
    expect(metadata.commandId).toBe('evt-1');
  });
});
