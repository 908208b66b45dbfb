/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// Importing leads from CSV over real gRPC and PostgreSQL: every row becomes a LeadCaptured with
// source import, owned by the importing rep; one bad row refuses the whole file with a violation per
// bad field and writes nothing; the same import sent again (same idempotency key) captures nothing.
import { status } from '@grpc/grpc-js';
import { ctx, rep, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-import');
});
afterAll(async () => {
  await t?.stop();
});

const REP = rep('rep-1', 'team-a');
const captured = async () =>
  (await t.events()).filter((e) => e.type === 'sales.LeadCaptured').map((e) => e.data);

describe('lead import over gRPC', () => {
  it('refuses a file with bad rows, naming each field, and writes nothing', async () => {
    const failure = await t.fail(
      'ImportLeads',
      {
        ctx: ctx(),
        csv: 'Name,Email,Company\nAda Lovelace,ada@example.com,Engines\nGrace,not-an-email,\n,bob@example.com,X\n',
      },
      REP,
    );
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['rows[2].email', 'INVALID_FORMAT'],
      ['rows[3].name', 'REQUIRED'],
    ]);
    const unknown = await t.fail('ImportLeads', { ctx: ctx(), csv: 'name,salary\nAda,1\n' }, REP);
    expect(unknown.detail.violations.map((v) => v.field)).toEqual(['csv']);
    expect(await captured()).toEqual([]);
  });

  it('captures each row once, owned by the importer, even when the import is sent again', async () => {
    const request = {
      ctx: ctx('import-1'),
      csv: '\uFEFFname,email,phone,company\nAda Lovelace,ada@example.com,+44 20 7946 0000,Engines\nGrace Hopper,,,\n',
    };
    const first = await t.call('ImportLeads', request, REP);
    expect(first).toMatchObject({ captured: 2 });
    expect(first.leadIds).toHaveLength(2);
    const again = await t.call('ImportLeads', request, REP);
    expect(again).toMatchObject({ captured: 0, leadIds: first.leadIds });
    const leads = await captured();
    expect(leads.map((l) => [l.leadId, l.source, l.ownerId, l.teamId, l.companyName])).toEqual([
      [first.leadIds[0], 'import', 'rep-1', 'team-a', 'Engines'],
      [first.leadIds[1], 'import', 'rep-1', 'team-a', undefined],
    ]);
  });

  it('flags a lead captured or imported with the e-mail of an earlier live lead, and captures it', async () => {
    const first = await t.call(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'Edsger', email: 'ew@example.com' },
      },
      REP,
    );
    const second = await t.call(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_WEB_FORM',
        contact: { name: 'E.W.', email: ' EW@example.com' },
      },
      REP,
    );
    expect(second).toMatchObject({ eventTypes: ['sales.LeadCaptured'] });
    const imported = await t.call(
      'ImportLeads',
      {
        ctx: ctx('import-dup'),
        csv: 'name,email\nEdsger D.,ew@EXAMPLE.com\nBarbara,bl@example.com\n',
      },
      REP,
    );
    const flags = (await t.events())
      .filter((e) => e.type === 'sales.LeadDuplicateDetected')
      .map((e) => [e.data.leadId, e.data.duplicateOfLeadId]);
    expect(flags).toEqual([
      [second.createdId, first.createdId],
      [imported.leadIds[0], first.createdId],
    ]);
    // The same import again flags nothing twice.
    await t.call(
      'ImportLeads',
      {
        ctx: ctx('import-dup'),
        csv: 'name,email\nEdsger D.,ew@EXAMPLE.com\nBarbara,bl@example.com\n',
      },
      REP,
    );
    expect((await t.events()).filter((e) => e.type === 'sales.LeadDuplicateDetected')).toHaveLength(
      2,
    );
  });
});
