// A ticket opened by API or phone log with the caller's number is linked to the customer whose
// phone contact it is (keyed digest of the E.164 number, kept by the contact indexer, which runs
// with mail off): an unknown number leaves the ticket unlinked, an erased customer is no longer
// matched, and a number that is no international number is refused with nothing written.
import * as grpc from '@grpc/grpc-js';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { customerEvents, type CustomerEvents } from '../../test/customer-events';
import {
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { ServiceDeskCustomerContacts } from './service-desk-customer-contacts';

jest.setTimeout(60_000);

const TENANT = 'tenant-a';
let t: ServiceDeskTestService;
let contacts: ServiceDeskCustomerContacts;
let customers: CustomerEvents;

beforeAll(async () => {
  // Mail stays off (the default): the index must run without it.
  t = await startServiceDeskTestService('desk-phone');
  contacts = t.service.app.get(ServiceDeskCustomerContacts);
  customers = await customerEvents(t);
});
afterAll(async () => {
  await customers?.close();
  await t?.stop();
});

const call = (subject: string, body: string) => ({
  ctx: ctx(),
  channel: 'TICKET_CHANNEL_PHONE',
  priority: 'TICKET_PRIORITY_NORMAL',
  type: 'TICKET_TYPE_QUESTION',
  subject,
  body,
});

const indexed = () => eventually(async () => expect((await contacts.indexer.status()).lag).toBe(0));

const openByPhone = async (requesterPhone: string, extra: object = {}) => {
  const opened = await t.call('OpenTicket', {
    ...call('Called about the invoice', 'The customer asks why they were charged twice.'),
    requesterPhone,
    ...extra,
  });
  const event = (await t.events()).find(
    (e) =>
      e.type === 'service-desk.TicketOpened' &&
      e.stream_id === `service-desk.Ticket-${opened.createdId as string}`,
  );
  return event?.data.customerId as string | undefined;
};

const addPhone = (customerId: string, value: string) =>
  customers.append(TENANT, customerId, 'customers.ContactAdded', {
    contactId: uuidv7(),
    contactKind: 'phone',
    value,
    primary: true,
  });

describe('linking a ticket to a customer by phone', () => {
  it("links a ticket opened with a known customer's number, written in any usual form", async () => {
    const customerId = uuidv7();
    await addPhone(customerId, '+493012345678');
    await indexed();
    expect(await openByPhone('+49 30 1234-5678')).toBe(customerId);
    expect(await openByPhone('0049 (30) 12345678')).toBe(customerId);
  });

  it('leaves a ticket from an unknown number unlinked, and linkable later', async () => {
    const customerId = uuidv7();
    await addPhone(customerId, '+441632960001');
    await indexed();
    const opened = await t.call('OpenTicket', {
      ...call('Unknown caller', 'Asked about opening hours.'),
      requesterPhone: '+441632960999',
    });
    const ticketId = opened.createdId as string;
    const stored = (await t.events()).find(
      (e) => e.stream_id === `service-desk.Ticket-${ticketId}`,
    );
    expect(stored?.data.customerId).toBeUndefined();
    const linked = await t.call('LinkCustomer', { ctx: ctx(), ticketId, customerId });
    expect(linked.eventTypes).toEqual(['service-desk.CustomerLinked']);
  });

  it('keeps the customer named in the request over the number', async () => {
    const owner = uuidv7();
    await addPhone(owner, '+33612345678');
    await indexed();
    const named = uuidv7();
    expect(await openByPhone('+33612345678', { customerId: named })).toBe(named);
  });

  it('no longer matches an erased customer, nor a removed number', async () => {
    const erased = uuidv7();
    await addPhone(erased, '+12025550123');
    const removed = uuidv7();
    const contactId = uuidv7();
    await customers.append(TENANT, removed, 'customers.ContactAdded', {
      contactId,
      contactKind: 'phone',
      value: '+12025550124',
      primary: true,
    });
    await indexed();
    expect(await openByPhone('+12025550123')).toBe(erased);
    expect(await openByPhone('+12025550124')).toBe(removed);

    await customers.append(TENANT, erased, 'customers.PersonalDataErased', { reason: 'asked' });
    await customers.append(TENANT, removed, 'customers.ContactRemoved', {
      contactId,
      contactKind: 'phone',
    });
    await indexed();
    expect(await openByPhone('+12025550123')).toBeUndefined();
    expect(await openByPhone('+12025550124')).toBeUndefined();
  });

  it('does not match a number of another tenant', async () => {
    const elsewhere = uuidv7();
    await customers.append('tenant-b', elsewhere, 'customers.ContactAdded', {
      contactId: uuidv7(),
      contactKind: 'phone',
      value: '+81312345678',
      primary: true,
    });
    await indexed();
    expect(await openByPhone('+81312345678')).toBeUndefined();
  });

  it('refuses a number that is not international, and writes nothing', async () => {
    const before = await t.eventCount();
    const failure = await t.fail('OpenTicket', {
      ...call('Local number', 'Written without its country code.'),
      requesterPhone: '030 1234 5678',
    });
    expect(grpc.status[failure.code]).toBe('INVALID_ARGUMENT');
    expect(failure.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['requesterPhone', 'INVALID_PHONE'],
    ]);
    expect(await t.eventCount()).toBe(before);
  });
});
