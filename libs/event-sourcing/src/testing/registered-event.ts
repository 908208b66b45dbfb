// A minimal CustomerRegistered event for the PostgreSQL adapter's own tests (tenant-a, fixed time).
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';

export const REGISTERED_TYPE = 'customers.CustomerRegistered';

export function registeredEvent(name: string): NewEvent {
  return {
    eventId: uuidv7(),
    type: REGISTERED_TYPE,
    tenantId: 'tenant-a',
    occurredAt: '2025-01-02T03:04:05.678Z',
    actor: { kind: 'system', name: 'importer' },
    correlationId: 'c',
    causationId: 'c',
    data: { name },
  };
}
