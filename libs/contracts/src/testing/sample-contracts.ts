// Contracts used only by tests (of this library and of the relay/projections): a fictitious
// `sample` context, so tests do not depend on whichever domain contexts exist yet.
import type { ContextContracts } from '../event-contract';

export const sampleContracts: ContextContracts = {
  context: 'sample',
  description: 'A fictitious context for tests of the contract machinery.',
  events: [
    {
      type: 'sample.CounterIncremented',
      schemaVersion: 1,
      description: 'A counter went up by one.',
      dataSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['counterId'],
        properties: { counterId: { type: 'string' } },
      },
      examples: [{ counterId: 'c-1' }],
    },
    {
      type: 'sample.CounterIncremented',
      schemaVersion: 2,
      description: 'A counter went up by an amount.',
      dataSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['counterId', 'by'],
        properties: { counterId: { type: 'string' }, by: { type: 'integer', minimum: 1 } },
      },
      examples: [{ counterId: 'c-1', by: 2 }],
    },
    {
      type: 'sample.NoteWritten',
      schemaVersion: 1,
      description: 'A note was written.',
      dataSchema: {
        type: 'object',
        required: ['text'],
        properties: {
          text: { type: 'string', maxLength: 1000 },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  ],
};

/** A valid envelope around `data`, for validator tests. */
export function sampleEnvelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: '0190c1d2-0000-7000-8000-000000000001',
    type: 'sample.CounterIncremented',
    schemaVersion: 2,
    streamId: 'sample.Counter-c-1',
    streamVersion: 1,
    globalPosition: 1,
    tenantId: 'tenant-1',
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr-1',
    causationId: 'cause-1',
    data: { counterId: 'c-1', by: 2 },
    hash: 'a'.repeat(64),
    previousHash: null,
    ...overrides,
  };
}
