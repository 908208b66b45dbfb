// Internal notes (ADR 0384): one document per note with the record it is about, its author and the
// record's owner and team (its record scope). A removed note is marked so (queries skip it): an
// upsert guarded by position, like every write here, so a replay cannot bring it back. No text
// (ADR 0400, version 2): it is personal data of the record's subject, decrypted by the service on
// read (SalesNoteTexts), so nothing here outlives that person's erasure.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import type { SalesNoteEvent } from '@crm/sales-domain';
import { SALES_NOTES_MODEL, SALES_NOTES_PROJECTION } from '@crm/sales-read-models';

const NOTE_EVENT_TYPES: readonly SalesNoteEvent['type'][] = [
  'sales.SalesNoteAdded',
  'sales.SalesNoteRemoved',
];

export function projectSalesNote(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as SalesNoteEvent;
  switch (event.type) {
    case 'sales.SalesNoteAdded': {
      const { noteId, about, authorId, ownerId, teamId, addedAt } = event.data;
      return upsert(SALES_NOTES_MODEL, noteId, {
        set: {
          tenantId: envelope.tenantId,
          version: envelope.streamVersion,
          aboutKind: about.kind,
          aboutId: about.id,
          authorId,
          ownerId,
          teamId,
          addedAt,
          removed: false,
        },
      });
    }
    case 'sales.SalesNoteRemoved':
      return upsert(SALES_NOTES_MODEL, event.data.noteId, {
        set: { tenantId: envelope.tenantId, version: envelope.streamVersion, removed: true },
      });
    default:
      return undefined;
  }
}

export const salesNotesProjection = defineProjection({
  name: SALES_NOTES_PROJECTION,
  version: 2,
  eventTypes: NOTE_EVENT_TYPES,
  readModels: [SALES_NOTES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_NOTES_MODEL]: [{ fields: { tenantId: 1, aboutKind: 1, aboutId: 1, addedAt: 1 } }],
  },
  project: projectSalesNote,
});
