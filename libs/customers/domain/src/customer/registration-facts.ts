// An imported row as one event (ADR 0340): the import's decision folds the row's contacts, channel
// and demographics into its CustomerRegistered instead of appending them as ContactAdded,
// ChannelRecorded and DemographicsSet events. Each event costs a stored row with its indexes, a
// relay publish, a Kafka record and the consumers' work, and an import appends one customer per
// row, so this is most of what a row costs (docs/benchmarks.md, P8). The folded parts mean exactly
// the events they replace: `registrationFacts` gives those events back, and every consumer that
// handles one of them reads a registration through it.
import type {
  ChannelRecorded,
  ContactAdded,
  CustomerEvent,
  CustomerRegistered,
  DemographicsSet,
} from './customer.events';

/**
 * `events` with the ContactAdded, ChannelRecorded and DemographicsSet of the customer registered
 * first folded into that CustomerRegistered (one channel and one demographics at most, none copied
 * from another data subject); every other event stays, in its order.
 */
export function foldRegistrationFacts(events: readonly CustomerEvent[]): CustomerEvent[] {
  const first = events[0];
  if (first?.type !== 'customers.CustomerRegistered') return [...events];
  const { customerId } = first.data;
  const contacts: ContactAdded['data'][] = [];
  let channel: ChannelRecorded['data'] | undefined;
  let demographics: DemographicsSet['data'] | undefined;
  const rest: CustomerEvent[] = [];
  for (const event of events.slice(1)) {
    const own =
      event.data.customerId === customerId &&
      (event.data as { readonly dataSubjectId?: string }).dataSubjectId === undefined;
    if (own && event.type === 'customers.ContactAdded') contacts.push(event.data);
    else if (own && event.type === 'customers.ChannelRecorded' && !channel) channel = event.data;
    else if (own && event.type === 'customers.DemographicsSet' && !demographics)
      demographics = event.data;
    else rest.push(event);
  }
  const registered: CustomerRegistered = {
    type: 'customers.CustomerRegistered',
    data: {
      ...first.data,
      ...(contacts.length > 0
        ? { contacts: contacts.map(({ customerId: _c, ...contact }) => contact) }
        : {}),
      ...(channel ? { channel: withoutCustomerId(channel) } : {}),
      ...(demographics ? { demographics: withoutCustomerId(demographics) } : {}),
    },
  };
  return [registered, ...rest];
}

/** Whether a registration carries folded facts (consumers then read it via registrationFacts). */
export function hasRegistrationFacts(event: CustomerRegistered): boolean {
  const d = event.data;
  return d.contacts !== undefined || d.channel !== undefined || d.demographics !== undefined;
}

/**
 * The events a registration stands for: the bare CustomerRegistered, then a ContactAdded per
 * contact, the ChannelRecorded and the DemographicsSet it carries. A plain one is itself alone.
 */
export function registrationFacts(
  event: CustomerRegistered,
): [CustomerRegistered, ...CustomerEvent[]] {
  const { contacts, channel, demographics, ...bare } = event.data;
  const { customerId } = bare;
  const facts: [CustomerRegistered, ...CustomerEvent[]] = [
    { type: 'customers.CustomerRegistered', data: bare },
  ];
  for (const contact of contacts ?? [])
    facts.push({ type: 'customers.ContactAdded', data: { customerId, ...contact } });
  if (channel) facts.push({ type: 'customers.ChannelRecorded', data: { customerId, ...channel } });
  if (demographics)
    facts.push({ type: 'customers.DemographicsSet', data: { customerId, ...demographics } });
  return facts;
}

/** Every event as the separate facts it stands for (a folded registration expanded). */
export function customerFacts(event: CustomerEvent): CustomerEvent[] {
  return event.type === 'customers.CustomerRegistered' && hasRegistrationFacts(event)
    ? registrationFacts(event)
    : [event];
}

function withoutCustomerId<T extends { readonly customerId: string }>(
  data: T,
): Omit<T, 'customerId'> {
  const { customerId: _customerId, ...rest } = data;
  return rest;
}
