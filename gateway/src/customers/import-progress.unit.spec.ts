// importProgress: one update per change, none for an unchanged status, and the stream ends after
// the final state.
import { importProgressUpdates } from './import-progress.resolver';
import { ImportState } from './models/customer-enums';
import { type ImportJob } from './models/command-results.model';

function job(state: ImportState, rowsRead: number): ImportJob {
  return {
    importId: 'i',
    state,
    rowsRead,
    rowsCreated: rowsRead,
    rowsLinked: 0,
    rowsSkipped: 0,
    rowsRejected: 0,
    rejected: [],
    nextRejectedPageToken: null,
    startedAt: null,
    finishedAt: null,
    error: null,
    fileName: null,
  };
}

test('yields each changed status and ends after COMPLETED', async () => {
  const reads = [
    job(ImportState.RUNNING, 10),
    job(ImportState.RUNNING, 10),
    job(ImportState.RUNNING, 20),
    job(ImportState.COMPLETED, 25),
  ];
  const sleeps: number[] = [];
  const seen: number[] = [];
  for await (const update of importProgressUpdates(
    job(ImportState.RUNNING, 0),
    async () => reads.shift()!,
    500,
    async (ms) => {
      sleeps.push(ms);
    },
  ))
    seen.push(update.rowsRead);
  expect(seen).toEqual([0, 10, 20, 25]);
  expect(sleeps).toEqual([500, 500, 500, 500]);
  expect(reads).toEqual([]);
});

test('a finished import yields its status once', async () => {
  const seen: ImportJob[] = [];
  for await (const update of importProgressUpdates(
    job(ImportState.FAILED, 3),
    () => Promise.reject(new Error('must not poll')),
    500,
  ))
    seen.push(update);
  expect(seen.map((s) => s.state)).toEqual([ImportState.FAILED]);
});
