/* eslint-disable @typescript-eslint/no-unsafe-return --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// Internal notes over real gRPC and PostgreSQL (ADR 0384): a note about a record takes the
// record's owner and team; a caller who does not see the record cannot add one (NOT_FOUND); a
// note is removed by its author or a manager, not by another rep; bad input writes nothing.
import { status } from '@grpc/grpc-js';
import { v7 as uuidv7 } from 'uuid';
import {
  ctx,
  manager,
  openEnginesDeal,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';

jest.setTimeout(90_000);

const REP = rep('rep-1', 'team-a');
const MANAGER = manager('mgr-1', 'team-a', ['rep-1']);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-notes', {
    now: () => new Date('2026-03-02T09:00:00.000Z'),
    newId: () => uuidv7(),
  });
});
afterAll(async () => {
  await t?.stop();
});

const count = async () => (await t.events()).length;

describe('internal notes over gRPC', () => {
  it('takes the record’s scope, and only its author or a manager removes it', async () => {
    const aboutId = await openEnginesDeal(t, REP);
    const note = { ctx: ctx(), aboutKind: 'SALES_NOTE_SUBJECT_KIND_OPPORTUNITY', aboutId };
    const byManager = await t.call('AddSalesNote', { ...note, text: 'Discount cap 10 %' }, MANAGER);
    const [added] = (await t.events()).filter(
      (e) => e.stream_id === `sales.Note-${byManager.createdId}`,
    );
    expect(added?.data).toMatchObject({
      about: { kind: 'opportunity', id: aboutId },
      authorId: 'mgr-1',
      ownerId: 'rep-1',
      teamId: 'team-a',
    });

    const before = await count();
    expect(
      await t.fail('AddSalesNote', { ...note, text: 'x' }, rep('rep-9', 'team-b')),
    ).toMatchObject({
      code: status.NOT_FOUND,
    });
    const bad = await t.fail('AddSalesNote', { ...note, aboutKind: 'X', text: '' }, REP);
    expect(bad.detail.violations.map((v) => v.field).sort()).toEqual(['aboutKind', 'text']);
    // The rep sees the manager's note (their deal) but does not remove it.
    expect(
      await t.fail('RemoveSalesNote', { ctx: ctx(), noteId: byManager.createdId }, REP),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await count()).toBe(before);

    const byRep = await t.call('AddSalesNote', { ...note, text: 'Call after 4 pm' }, REP);
    await t.call('RemoveSalesNote', { ctx: ctx(), noteId: byRep.createdId }, REP);
    await t.call('RemoveSalesNote', { ctx: ctx(), noteId: byManager.createdId }, MANAGER);
    expect(
      (await t.events())
        .filter((e) => e.type === 'sales.SalesNoteRemoved')
        .map((e) => e.data.noteId),
    ).toEqual([byRep.createdId, byManager.createdId]);
  });
});
