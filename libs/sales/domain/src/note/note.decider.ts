// Internal notes on sales records (stream `sales.Note-<noteId>`, ADR 0384): a rep's or manager's
// note about a lead, opportunity, quote, activity, order or contract, for the sales team only. A
// note takes the owner and team of the record it is about (its record scope: whoever sees the
// record sees its notes); it never leaves the sales context's read side (no customer-facing
// document includes it). Removing keeps the history, as every event does. The text is personal data
// of the record's data subject (ADR 0400): the lead for a lead's note, else the record's customer;
// the application names it, the store encrypts the text under that subject's key.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { InvalidTransitionError, RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import type { SalesOwnership } from '../lead/lead.types';

export const NOTE_SUBJECT_KINDS = [
  'lead',
  'opportunity',
  'quote',
  'activity',
  'order',
  'contract',
] as const;
export type NoteSubjectKind = (typeof NOTE_SUBJECT_KINDS)[number];

export interface NoteSubject {
  readonly kind: NoteSubjectKind;
  readonly id: string;
}

export type AddSalesNote = {
  readonly type: 'AddSalesNote';
  readonly data: SalesOwnership & {
    readonly noteId: string;
    readonly about: NoteSubject;
    readonly text: string;
    /** Whose personal data the text is (ADR 0400): the lead's id, or the record's customer's. */
    readonly dataSubjectId: string;
    readonly authorId: string;
    readonly now: string;
  };
};

export type RemoveSalesNote = {
  readonly type: 'RemoveSalesNote';
  readonly data: { readonly noteId: string; readonly now: string };
};

export type SalesNoteCommand = AddSalesNote | RemoveSalesNote;

export type SalesNoteAdded = DomainEvent<
  'sales.SalesNoteAdded',
  SalesOwnership & {
    readonly noteId: string;
    readonly about: NoteSubject;
    /** Clear in the service; encrypted when stored and published; "[erased]" after erasure. */
    readonly text: string;
    /** Absent on notes stored before ADR 0400 (their text is clear). */
    readonly dataSubjectId?: string;
    readonly authorId: string;
    readonly addedAt: string;
  }
>;

export type SalesNoteRemoved = DomainEvent<
  'sales.SalesNoteRemoved',
  { readonly noteId: string; readonly removedAt: string }
>;

export type SalesNoteEvent = SalesNoteAdded | SalesNoteRemoved;

export type SalesNoteState =
  | { readonly status: 'None' }
  | (SalesOwnership & {
      readonly status: 'Active' | 'Removed';
      readonly noteId: string;
      readonly authorId: string;
    });

function decide(command: SalesNoteCommand, state: SalesNoteState): readonly SalesNoteEvent[] {
  switch (command.type) {
    case 'AddSalesNote': {
      const { now, ...data } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('note', data.noteId);
      return [{ type: 'sales.SalesNoteAdded', data: { ...data, addedAt: now } }];
    }
    case 'RemoveSalesNote': {
      const { noteId, now } = command.data;
      if (state.status === 'None') throw new RecordNotFoundError('note', noteId);
      if (state.status === 'Removed') return [];
      return [{ type: 'sales.SalesNoteRemoved', data: { noteId, removedAt: now } }];
    }
    default: {
      const unknown: never = command;
      throw new InvalidTransitionError('note', 'unknown', JSON.stringify(unknown));
    }
  }
}

function evolve(state: SalesNoteState, event: SalesNoteEvent): SalesNoteState {
  switch (event.type) {
    case 'sales.SalesNoteAdded': {
      const { noteId, authorId, ownerId, teamId } = event.data;
      return { status: 'Active', noteId, authorId, ownerId, teamId };
    }
    case 'sales.SalesNoteRemoved':
      return state.status === 'None' ? state : { ...state, status: 'Removed' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown note event ${JSON.stringify(unknown)}`);
    }
  }
}

export const salesNoteDecider: Decider<SalesNoteState, SalesNoteCommand, SalesNoteEvent> = {
  decide,
  evolve,
  initialState: { status: 'None' },
};
