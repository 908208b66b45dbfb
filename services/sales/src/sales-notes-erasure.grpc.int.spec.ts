/* eslint-disable @typescript-eslint/no-unsafe-return --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// Internal notes are personal data of their record's data subject (ADR 0400), over real gRPC and
// PostgreSQL: the stored (and so published) text is ciphertext under that subject's key, the
// service answers it decrypted, and once the subject is erased it reads "[erased]" everywhere: for
// a lead erased by EraseLead, and for a customer erased by the customers context (which shreds the
// customer's key in the key table every context shares), at once, not after a key cache expires.
import { status } from '@grpc/grpc-js';
import {
  DataKeyStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  defaultErasureLedgerUrl,
  loadMasterKeyRing,
} from '@crm/event-sourcing';
import { Pool } from 'pg';
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
const SECRET = 'Ada Lovelace is on sick leave until May';

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-note-erasure', {
    now: () => new Date('2026-03-02T09:00:00.000Z'),
    newId: () => uuidv7(),
  });
});
afterAll(async () => {
  await t?.stop();
  // The erasure ledger's own database (created on the first erasure) is not the throwaway one.
  const ledger = new URL(defaultErasureLedgerUrl(t.database.url));
  const admin = new URL(ledger);
  admin.pathname = '/postgres';
  const pool = new Pool({ connectionString: admin.toString(), max: 1 });
  await pool.query(`DROP DATABASE IF EXISTS "${ledger.pathname.slice(1)}" WITH (FORCE)`);
  await pool.end();
});

const noteTexts = async (noteIds: readonly string[], caller = REP) =>
  (await t.call('SalesNoteTexts', { ctx: ctx(), noteIds }, caller)).texts;

/** The stored SalesNoteAdded of a note, as the relay publishes it on crm.sales.events. */
async function storedNote(noteId: string) {
  const [added] = (await t.events()).filter((e) => e.stream_id === `sales.Note-${noteId}`);
  return added?.data;
}

/** What the customers context does on an erasure: shreds the customer's key in the shared table. */
async function eraseCustomerAsTheCustomersContextDoes(customerId: string): Promise<void> {
  const pool = new Pool({ connectionString: t.database.url, max: 2 });
  const ledger = new PostgresErasureLedger(defaultErasureLedgerUrl(t.database.url));
  try {
    await new DataKeyStore({
      repository: new PostgresDataKeyRepository(pool),
      // The test service's master key (sales-test-service.ts).
      masterKeys: loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }),
      erasureLedger: ledger,
    }).erase({ tenantId: 'tenant-a', subjectId: customerId });
  } finally {
    await ledger.close();
    await pool.end();
  }
}

describe('internal notes under the data subject’s key (ADR 0400)', () => {
  it('a deal’s note is the customer’s: ciphertext when stored, "[erased]" after the customer’s erasure', async () => {
    const dealId = await openEnginesDeal(t, REP); // customer cust-1
    const note = await t.call(
      'AddSalesNote',
      {
        ctx: ctx(),
        aboutKind: 'SALES_NOTE_SUBJECT_KIND_OPPORTUNITY',
        aboutId: dealId,
        text: SECRET,
      },
      REP,
    );
    const noteId = note.createdId as string;
    const stored = await storedNote(noteId);
    expect(stored).toMatchObject({ dataSubjectId: 'cust-1' });
    expect(JSON.stringify(stored)).not.toContain('sick leave');
    expect(await noteTexts([noteId])).toEqual([{ noteId, text: SECRET }]);
    // Not in the caller's scope, unknown: left out.
    expect(await noteTexts([noteId, uuidv7()], rep('rep-9', 'team-b'))).toEqual([]);

    await eraseCustomerAsTheCustomersContextDoes('cust-1');
    expect(await noteTexts([noteId])).toEqual([{ noteId, text: '[erased]' }]);

    // No new note can name the erased customer; nothing is written.
    const before = (await t.events()).length;
    expect(
      await t.fail(
        'AddSalesNote',
        {
          ctx: ctx(),
          aboutKind: 'SALES_NOTE_SUBJECT_KIND_OPPORTUNITY',
          aboutId: dealId,
          text: 'x',
        },
        REP,
      ),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, detail: { code: 'SUBJECT_ERASED' } });
    expect((await t.events()).length).toBe(before);
  });

  it('an activity’s note is its record’s subject’s; a lead’s note is the lead’s, erased with it', async () => {
    const { createdId: leadId } = await t.call(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_WEB_FORM',
        contact: { name: 'Grace Hopper', email: 'grace@example.com' },
      },
      REP,
    );
    const { createdId: activityId } = await t.call(
      'ScheduleActivity',
      {
        ctx: ctx(),
        kind: 'ACTIVITY_KIND_CALL',
        subject: 'Call back',
        aboutKind: 'ACTIVITY_SUBJECT_KIND_LEAD',
        aboutId: leadId,
        dueAt: '2026-03-03T09:00:00.000Z',
      },
      REP,
    );
    const onLead = await t.call(
      'AddSalesNote',
      { ctx: ctx(), aboutKind: 'SALES_NOTE_SUBJECT_KIND_LEAD', aboutId: leadId, text: SECRET },
      REP,
    );
    const onActivity = await t.call(
      'AddSalesNote',
      {
        ctx: ctx(),
        aboutKind: 'SALES_NOTE_SUBJECT_KIND_ACTIVITY',
        aboutId: activityId,
        text: 'Grace prefers mornings',
      },
      REP,
    );
    const ids = [onLead.createdId as string, onActivity.createdId as string];
    for (const id of ids) expect(await storedNote(id)).toMatchObject({ dataSubjectId: leadId });

    await t.call('EraseLead', { ctx: ctx(), leadId, reason: 'GDPR' }, MANAGER);
    expect(await noteTexts(ids)).toEqual(ids.map((noteId) => ({ noteId, text: '[erased]' })));
  });
});
