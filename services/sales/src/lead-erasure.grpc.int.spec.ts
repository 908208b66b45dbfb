// Erasing a lead over real gRPC and PostgreSQL: the lead's subject key is shredded, so its stored
// contact reads "[erased]" through the store's personal-data layer (the same master key cannot
// bring it back), the lead is gone for every other command, and only approvers may erase.
import { status } from '@grpc/grpc-js';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresEventStore,
  loadMasterKeyRing,
} from '@crm/event-sourcing';
import { Pool } from 'pg';
import {
  ctx,
  manager,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';
import { salesEventTypes, salesPersonalDataPolicy } from './infrastructure/sales-event-store';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-erasure');
});
afterAll(async () => {
  await t?.stop();
});

/** The lead's captured contact as the service would read it (decrypted when its key exists). */
async function storedContact(leadId: string): Promise<unknown> {
  const pool = new Pool({ connectionString: t.database.url, max: 2 });
  const raw = await PostgresEventStore.create({ pool, eventTypes: salesEventTypes() });
  try {
    const store = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(
        new DataKeyStore({
          repository: new PostgresDataKeyRepository(pool),
          // The test service's master key (sales-test-service.ts).
          masterKeys: loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }),
        }),
      ),
      salesPersonalDataPolicy(),
    );
    const { events } = await store.readStream(`sales.Lead-${leadId}`, { tenantId: 'tenant-a' });
    return (events[0]?.data as { contact: unknown }).contact;
  } finally {
    await raw.close();
    await pool.end();
  }
}

describe('lead erasure over gRPC', () => {
  it('shreds the lead’s key: its contact reads [erased], and the lead is gone', async () => {
    const REP = rep('rep-1', 'team-a');
    const { createdId: leadId } = await t.call(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_WEB_FORM',
        contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
      },
      REP,
    );
    expect(await storedContact(leadId as string)).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });

    expect(await t.fail('EraseLead', { ctx: ctx(), leadId }, REP)).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(
      await t.fail('EraseLead', { ctx: ctx(), leadId }, manager('mgr-2', 'team-b', ['rep-9'])),
    ).toMatchObject({ code: status.NOT_FOUND });

    const boss = manager('mgr-1', 'team-a', ['rep-1']);
    const erased = await t.call('EraseLead', { ctx: ctx(), leadId, reason: 'GDPR' }, boss);
    expect(erased.eventTypes).toEqual(['sales.LeadErased']);
    expect(await storedContact(leadId as string)).toEqual({ name: '[erased]', email: '[erased]' });
    // Again: nothing new; the lead is gone for every other command.
    expect(await t.call('EraseLead', { ctx: ctx(), leadId }, boss)).toMatchObject({
      replayed: true,
    });
    expect(await t.fail('QualifyLead', { ctx: ctx(), leadId }, REP)).toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});
