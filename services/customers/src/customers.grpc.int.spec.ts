/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   proto-loader messages are untyped JSON; the assertions check their shape. */
// The Customers service against a real PostgreSQL through a real gRPC client.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { GRPC_HEALTH_PROTO_PATH } from '@crm/grpc-service';
import { eventually } from '@crm/testing';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../test/customers-test-service';

jest.setTimeout(60_000);

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-grpc');
});

afterAll(async () => {
  await t?.stop();
});

function storedEvents(
  streamId: string,
): Promise<{ type: string; data: any; correlation_id: string; actor: any }[]> {
  return t.query(
    'SELECT type, data, correlation_id, actor FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version',
    [streamId],
  );
}

async function register(
  person: { firstName: string; lastName: string; nationalId?: string },
  contacts: object[],
  extra: object = {},
) {
  const response = await t.call('RegisterCustomer', { ctx: ctx(), person, contacts, ...extra });
  return response['result'].aggregateId as string;
}

describe('Customers gRPC service', () => {
  it('registers a customer, encrypts personal data at rest and carries the correlation id into the envelope', async () => {
    const response = await t.call('RegisterCustomer', {
      ctx: ctx({ correlationId: 'corr-register-1' }),
      person: { firstName: 'Ada', lastName: 'Lovelace', nationalId: 'AB 123 456' },
      contacts: [{ email: 'Ada@Example.com' }, { phone: '030 1234567' }],
      defaultCountryCallingCode: '49',
      acquiredVia: { channel: 'ACQUISITION_CHANNEL_WEB_FORM', externalId: 'form-1' },
    });
    expect(response['result']).toMatchObject({
      streamVersion: 4,
      replayed: false,
      correlationId: 'corr-register-1',
      eventTypes: [
        'customers.CustomerRegistered',
        'customers.ContactAdded',
        'customers.ContactAdded',
        'customers.ChannelRecorded',
      ],
    });
    const events = await storedEvents(`customers.Customer-${response['result'].aggregateId}`);
    expect(events.every((e) => e.correlation_id === 'corr-register-1')).toBe(true);
    expect(events[0]?.actor).toEqual({ kind: 'user', userId: 'user-1', roles: ['admin'] });
    const stored = JSON.stringify(events.map((e) => e.data));
    expect(stored).not.toContain('Lovelace');
    expect(stored).not.toContain('ada@example.com');
    expect(stored).not.toContain('AB123456');
    expect(stored).toContain('"$enc"');
  });

  it('answers invalid input with INVALID_ARGUMENT and field-level violations', async () => {
    const failure = await t.fail('RegisterCustomer', {
      ctx: ctx(),
      person: { firstName: '', lastName: 'X' },
      contacts: [{ email: 'not-an-email' }, { phone: '12' }],
    });
    expect(failure.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(failure.detail.code).toBe('VALIDATION_FAILED');
    expect(failure.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['person.firstName', 'REQUIRED'],
      ['contacts[0].email', 'INVALID_EMAIL'],
      ['contacts[1].phone', 'INVALID_PHONE'],
    ]);
  });

  it('replays a retried command with the same idempotency key and refuses the key for another request', async () => {
    const request = {
      ctx: ctx({ idempotencyKey: 'register-grace-1' }),
      person: { firstName: 'Grace', lastName: 'Hopper' },
      contacts: [],
    };
    const first = await t.call('RegisterCustomer', request);
    const again = await t.call('RegisterCustomer', request);
    expect(again['result']).toMatchObject({
      aggregateId: first['result'].aggregateId,
      replayed: true,
      streamVersion: 1,
    });
    const reused = await t.fail('RegisterCustomer', {
      ...request,
      person: { firstName: 'Other', lastName: 'Person' },
    });
    expect(reused.code).toBe(grpc.status.ALREADY_EXISTS);
    expect(reused.detail.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("keeps tenants apart: another tenant's customer does not exist", async () => {
    const id = await register({ firstName: 'Tenant', lastName: 'A' }, []);
    const failure = await t.fail(
      'AssignOwner',
      { ctx: ctx(), customerId: id, ownerUserId: 'rep-9' },
      { tenantId: 'tenant-b' },
    );
    expect(failure.code).toBe(grpc.status.NOT_FOUND);
    expect(failure.detail.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('validates custom field values against the tenant definitions', async () => {
    await t.call('DeclareCustomField', {
      ctx: ctx(),
      name: 'shoeSize',
      label: 'Shoe size',
      type: 'CUSTOM_FIELD_TYPE_NUMBER',
      validation: { min: 30, max: 50, integer: true },
    });
    const id = await register({ firstName: 'Custom', lastName: 'Fields' }, []);
    const ok = await t.call('SetCustomFieldValues', {
      ctx: ctx(),
      customerId: id,
      values: [{ name: 'shoeSize', numberValue: 42 }],
    });
    expect(ok['eventTypes']).toEqual(['customers.CustomFieldValuesSet']);
    const bad = await t.fail('SetCustomFieldValues', {
      ctx: ctx(),
      customerId: id,
      values: [
        { name: 'shoeSize', numberValue: 70 },
        { name: 'favouriteColour', stringValue: 'red' },
      ],
    });
    expect(bad.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['customFields.shoeSize', 'OUT_OF_RANGE'],
      ['customFields.favouriteColour', 'UNKNOWN_CUSTOM_FIELD'],
    ]);
  });

  it('records consent per channel and answers CheckConsent', async () => {
    const id = await register({ firstName: 'Consent', lastName: 'Person' }, [
      { email: 'consent@example.com' },
    ]);
    const check = () =>
      t.call('CheckConsent', { ctx: ctx(), customerId: id, channel: 'CONSENT_CHANNEL_EMAIL' });
    expect(await check()).toMatchObject({
      allowed: false,
      reason: 'CONSENT_DECISION_REASON_NEVER_GRANTED',
    });
    await t.call('GrantConsent', {
      ctx: ctx(),
      customerId: id,
      channel: 'CONSENT_CHANNEL_EMAIL',
      source: 'web-form:newsletter',
    });
    expect(await check()).toMatchObject({
      allowed: true,
      reason: 'CONSENT_DECISION_REASON_GRANTED',
      source: 'web-form:newsletter',
    });
    await t.call('WithdrawConsent', {
      ctx: ctx(),
      customerId: id,
      channel: 'CONSENT_CHANNEL_EMAIL',
      source: 'unsubscribe',
    });
    expect(await check()).toMatchObject({
      allowed: false,
      reason: 'CONSENT_DECISION_REASON_WITHDRAWN',
    });
  });

  it('finds duplicates by normalised email and phone, merges them keeping both histories', async () => {
    const survivor = await register({ firstName: 'Mary', lastName: 'Shelley' }, [
      { email: 'mary@example.com' },
    ]);
    const merged = await register({ firstName: 'Mary', lastName: 'Shelley' }, [
      { email: ' MARY@example.com ' },
      { phone: '+44 20 7946 0958' },
    ]);
    await t.call('RecordPurchase', {
      ctx: ctx(),
      customerId: merged,
      orderId: 'o-77',
      items: [{ sku: 'B-1', name: 'Book', category: 'Books', quantity: 2, unitPrice: '10.00' }],
      amount: '20.00',
      currency: 'EUR',
      channel: 'ACQUISITION_CHANNEL_OFFLINE_STORE',
    });
    const duplicates = await t.call('FindDuplicateCandidates', {
      ctx: ctx(),
      customerId: survivor,
    });
    expect(duplicates['candidates']).toEqual([
      { customerId: merged, matchedOn: ['DUPLICATE_MATCH_EMAIL'], score: 1 },
    ]);
    const byProbe = await t.call('FindDuplicateCandidates', {
      ctx: ctx(),
      probe: { phones: ['0044 20 7946-0958'] },
    });
    expect(byProbe['candidates'].map((c: { customerId: string }) => c.customerId)).toEqual([
      merged,
    ]);

    const result = await t.call('MergeCustomers', {
      ctx: ctx(),
      survivorCustomerId: survivor,
      mergedCustomerId: merged,
      reason: 'same person',
    });
    expect(result['eventTypes']).toEqual([
      'customers.CustomerMerged',
      'customers.ContactAdded',
      'customers.PurchaseRecorded',
    ]);
    const survivorEvents = await storedEvents(`customers.Customer-${survivor}`);
    expect(survivorEvents.at(-1)?.data).toMatchObject({ orderId: 'o-77', mergedFrom: merged });
    const mergedEvents = await storedEvents(`customers.Customer-${merged}`);
    expect(mergedEvents.at(-1)).toMatchObject({
      type: 'customers.CustomerMergedInto',
      data: { survivorCustomerId: survivor },
    });

    const again = await t.call('MergeCustomers', {
      ctx: ctx(),
      survivorCustomerId: survivor,
      mergedCustomerId: merged,
    });
    expect(again).toMatchObject({ replayed: true, eventTypes: [] });
    const closed = await t.fail('AddContact', {
      ctx: ctx(),
      customerId: merged,
      contact: { email: 'x@example.com' },
    });
    expect(closed).toMatchObject({
      code: grpc.status.FAILED_PRECONDITION,
      detail: { code: 'CUSTOMER_MERGED' },
    });
    const after = await t.call('FindDuplicateCandidates', { ctx: ctx(), customerId: survivor });
    expect(after['candidates']).toEqual([]);
  });

  it('exports everything about a person and erases it by crypto-shredding', async () => {
    const id = await register({ firstName: 'Erin', lastName: 'Erasable', nationalId: 'ER12345' }, [
      { email: 'erin@example.com' },
    ]);
    await t.call('SetDemographics', {
      ctx: ctx(),
      customerId: id,
      birthday: '1990-04-01',
      gender: 'GENDER_FEMALE',
    });
    await t.call('RecordInteraction', {
      ctx: ctx(),
      customerId: id,
      kind: 'INTERACTION_KIND_CALL',
      notes: 'Erin asked about returns',
    });
    await t.call('UpdateProfile', {
      ctx: ctx(),
      customerId: id,
      bankCardNumber: '4111 1111 1111 1111',
    });

    const exported = JSON.parse(
      (await t.call('ExportPersonalData', { ctx: ctx(), customerId: id }))['documentJson'],
    );
    expect(exported).toMatchObject({
      customerId: id,
      profile: {
        firstName: 'Erin',
        lastName: 'Erasable',
        nationalId: 'ER12345',
        bankCardNumber: '4111111111111111',
      },
      contacts: [{ kind: 'email', value: 'erin@example.com' }],
      demographics: { birthday: '1990-04-01', gender: 'female' },
      interactions: [{ kind: 'call', notes: 'Erin asked about returns' }],
    });
    expect(exported.events.map((e: { type: string }) => e.type)).toContain(
      'customers.InteractionRecorded',
    );

    const erased = await t.call('ErasePersonalData', {
      ctx: ctx(),
      customerId: id,
      reason: 'GDPR request 1',
    });
    expect(erased['eventTypes']).toEqual(['customers.PersonalDataErased']);

    const afterwards = (await t.call('ExportPersonalData', { ctx: ctx(), customerId: id }))[
      'documentJson'
    ] as string;
    for (const secret of [
      'Erin',
      'Erasable',
      'ER12345',
      'erin@example.com',
      '1990-04-01',
      '4111',
      'returns',
    ])
      expect(afterwards).not.toContain(secret);
    expect(JSON.parse(afterwards)).toMatchObject({ status: 'erased' });
    const duplicates = await t.call('FindDuplicateCandidates', {
      ctx: ctx(),
      probe: { emails: ['erin@example.com'] },
    });
    expect(duplicates['candidates']).toEqual([]);
    const closed = await t.fail('GrantConsent', {
      ctx: ctx(),
      customerId: id,
      channel: 'CONSENT_CHANNEL_SMS',
      source: 'x',
    });
    expect(closed.detail.code).toBe('CUSTOMER_ERASED');
    // Erasing again is a harmless no-op.
    expect(await t.call('ErasePersonalData', { ctx: ctx(), customerId: id })).toMatchObject({
      replayed: true,
    });
  });

  it('imports CSV bytes with per-row rejections and re-runs idempotently', async () => {
    const csv = [
      'First,Last,Mail,Phone,Ext,Gender,Interests,Email opt-in',
      'Alan,Turing,alan@example.com,+44 1234 567890,crm-1,male,maths;codes,yes',
      ',NoFirst,nofirst@example.com,,crm-2,,,',
      'Bad,Email,not-an-email,,crm-3,robot,,',
      'Alan,Again,ALAN@example.com,,crm-4,,,',
      'Joan,Clarke,joan@example.com,,crm-5,female,,no',
    ].join('\n');
    const start = {
      ctx: ctx(),
      importId: 'import-test-1',
      fileName: 'legacy.csv',
      csv: Buffer.from(csv),
      mapping: [
        { column: 'First', target: 'firstName' },
        { column: 'Last', target: 'lastName' },
        { column: 'Mail', target: 'email' },
        { column: 'Phone', target: 'phone' },
        { column: 'Ext', target: 'externalId' },
        { column: 'Gender', target: 'gender' },
        { column: 'Interests', target: 'interests' },
        { column: 'Email opt-in', target: 'consentEmail' },
      ],
    };
    const started = await t.call('StartImport', start);
    expect(started).toMatchObject({ importId: 'import-test-1', fileName: 'legacy.csv' });
    const status = await eventually(async () => {
      const s = await t.call('GetImportStatus', { ctx: ctx(), importId: 'import-test-1' });
      expect(s['state']).toBe('IMPORT_STATE_COMPLETED');
      return s;
    });
    expect(status).toMatchObject({
      rowsRead: 5,
      rowsCreated: 2,
      rowsLinked: 1,
      rowsSkipped: 0,
      rowsRejected: 2,
    });
    expect(status['rejected']).toEqual([
      {
        rowNumber: 2,
        externalId: 'crm-2',
        reasons: [{ field: 'First', code: 'REQUIRED', message: 'is required' }],
      },
      {
        rowNumber: 3,
        externalId: 'crm-3',
        reasons: [{ field: 'Gender', code: 'UNKNOWN_VALUE', message: expect.any(String) }],
      },
    ]);

    await t.call('StartImport', start);
    const rerun = await eventually(async () => {
      const s = await t.call('GetImportStatus', { ctx: ctx(), importId: 'import-test-1' });
      expect(s['state']).toBe('IMPORT_STATE_COMPLETED');
      return s;
    });
    expect(rerun).toMatchObject({
      rowsRead: 5,
      rowsCreated: 0,
      rowsLinked: 0,
      rowsSkipped: 3,
      rowsRejected: 2,
    });
  });

  it('rejects an import whose mapping names unknown targets, and fails one whose header lacks a mapped column', async () => {
    const bad = await t.fail('StartImport', {
      ctx: ctx(),
      csv: Buffer.from('a\n1'),
      mapping: [{ column: 'a', target: 'shoeSize' }],
    });
    expect(bad.detail.violations.map((v) => v.field)).toEqual(['mapping[0].target', 'mapping']);
    await t.call('StartImport', {
      ctx: ctx(),
      importId: 'import-missing-col',
      csv: Buffer.from('a\n1'),
      mapping: [{ column: 'Name', target: 'lastName' }],
    });
    const status = await eventually(async () => {
      const s = await t.call('GetImportStatus', { ctx: ctx(), importId: 'import-missing-col' });
      expect(s['state']).toBe('IMPORT_STATE_FAILED');
      return s;
    });
    expect(status['error']).toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ field: 'Name', code: 'REQUIRED' }],
    });
  });

  it('serves the standard gRPC health check and the HTTP readiness probe', async () => {
    const definition = protoLoader.loadSync(GRPC_HEALTH_PROTO_PATH, {
      enums: String,
    });
    const pkg = grpc.loadPackageDefinition(definition) as any;
    const health = new pkg.grpc.health.v1.Health(
      t.service.grpcAddress,
      grpc.credentials.createInsecure(),
    );
    const answer = await new Promise<{ status: string }>((resolve, reject) =>
      health.Check(
        { service: 'crm.customers.v1.CustomersService' },
        (e: Error | null, r: { status: string }) => (e ? reject(e) : resolve(r)),
      ),
    );
    health.close();
    expect(answer.status).toBe('SERVING');
    const ready = await fetch(`http://127.0.0.1:${t.service.healthPort}/ready`);
    expect(ready.status).toBe(200);
  });
});
