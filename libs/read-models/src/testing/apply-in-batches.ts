// Test-only: feeds events to an applier in batches of a given size, as a source would, and fails
// on any parked event (the tests that use it expect every event to apply).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { ProjectionApplier } from '../apply/projection-applier';
import type { ProjectionTarget } from '../targets/projection-target';

export async function applyInBatches(
  applier: ProjectionApplier,
  target: ProjectionTarget,
  events: readonly EventEnvelope[],
  batchSize: number,
): Promise<void> {
  for (let i = 0; i < events.length; i += batchSize) {
    const outcome = await applier.apply(target, events.slice(i, i + batchSize), () => ({
      kind: 'store',
    }));
    if (outcome.parked.length > 0)
      throw new Error(`parked: ${outcome.parked.map((p) => `${p.eventId} ${p.error}`).join('; ')}`);
  }
}
