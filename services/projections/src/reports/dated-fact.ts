// The one write of the reports context's dated histories (ADR 0391): a fact kept under its event's
// stream version, so a replay writes the same document and a report folds the facts to any instant.
import type { EventEnvelope } from '@crm/event-sourcing';
import { upsert, type Fields, type ReadModelChange } from '@crm/read-models';

/** Keeps `fact` on the document `id` of `model`, with `current` (fields as they stand now). */
export function recordDatedFact(
  model: string,
  id: string,
  envelope: EventEnvelope,
  fact: object,
  current: Fields = {},
): ReadModelChange {
  return upsert(model, id, {
    set: {
      tenantId: envelope.tenantId,
      ...current,
      [`facts.${envelope.streamVersion}`]: fact,
      version: envelope.streamVersion,
    },
  });
}
