// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import { salesNoteDecider, type SalesNoteEvent } from './note.decider';

const T0 = '2026-03-01T09:00:00.000Z';
const spec = deciderSpec(salesNoteDecider);
const about = { kind: 'activity', id: 'act-1' } as const;
const add = {
  type: 'AddSalesNote',
  data: {
    noteId: 'note-1',
    about,
    text: 'Budget holder is the CFO',
    dataSubjectId: 'cust-1',
    authorId: 'rep-1',
    ownerId: 'rep-1',
    teamId: 'team-a',
    now: T0,
  },
} as const;
const added: SalesNoteEvent = {
  type: 'sales.SalesNoteAdded',
  data: {
    noteId: 'note-1',
    about,
    text: 'Budget holder is the CFO',
    dataSubjectId: 'cust-1',
    authorId: 'rep-1',
    ownerId: 'rep-1',
    teamId: 'team-a',
    addedAt: T0,
  },
};
const remove = { type: 'RemoveSalesNote', data: { noteId: 'note-1', now: T0 } } as const;
const removed: SalesNoteEvent = {
  type: 'sales.SalesNoteRemoved',
  data: { noteId: 'note-1', removedAt: T0 },
};

describe('Internal sales note (ADR 0384)', () => {
  it('is added once with the record’s owner and team, and removed once', () => {
    spec.given([]).when(add).then([added]);
    spec.given([added]).when(add).thenThrows(RecordAlreadyExistsError);
    spec.given([added]).when(remove).then([removed]);
    spec.given([added, removed]).when(remove).thenNothingHappened();
    spec.given([]).when(remove).thenThrows(RecordNotFoundError);
  });
});
