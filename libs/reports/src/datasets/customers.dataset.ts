// Customers, one row per customer of the customer-360 read model (merged duplicates and erased
// people not counted now). As of an instant: customers registered by then, minus those merged away
// or erased by then (their last update is that terminal event); the kind and the acquisition
// channel (dated by when the channel was recorded) are dated facts; purchases are bucketed by
// month, so value tier, RFM scores and purchases answer as of a month's first instant; lifecycle
// status and owner of then come from the reports context's customer lifecycle history (ADR 0415);
// region (personal data, from encrypted addresses) is refused with asOf.
import {
  CUSTOMER_360_MODEL,
  CUSTOMER_360_PROJECTION,
  classifyCustomer,
  regionOf,
  type Customer360Document,
} from '@crm/customers-read-models';
import {
  REPORT_CUSTOMER_LIFECYCLE_PROJECTION,
  withCustomerThen,
  type CustomerRow,
} from './customer-lifecycle';
import { declareDataset, orNone, type ServerExpression } from './dataset';
import { counter, entriesOf, field, orNoneOf, withValue } from './server-expressions';

/** The first channel recorded for the customer (by recording time), at or before `at` if given. */
export function acquisitionChannelOf(doc: Customer360Document, at?: Date): string {
  const channels = Object.values(doc.channels ?? {})
    .filter((c) => !at || Date.parse(c.recordedAt) <= at.getTime())
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.channel.localeCompare(b.channel));
  return orNone(channels[0]?.channel);
}

/** `acquisitionChannelOf` (now) on the server: the channel with the least (recordedAt, channel). */
const ACQUISITION_CHANNEL_ON_SERVER: ServerExpression = orNoneOf(
  withValue(
    'first',
    {
      $reduce: {
        input: entriesOf('channels'),
        initialValue: null,
        in: {
          $cond: [
            {
              $or: [
                { $eq: ['$$value', null] },
                { $lt: ['$$this.v.recordedAt', '$$value.recordedAt'] },
                {
                  $and: [
                    { $eq: ['$$this.v.recordedAt', '$$value.recordedAt'] },
                    { $lt: ['$$this.v.channel', '$$value.channel'] },
                  ],
                },
              ],
            },
            '$$this.v',
            '$$value',
          ],
        },
      },
    },
    (first) => `${first}.channel`,
  ),
);

/**
 * `regionOf` on the server: the stated region, else the region or country of the address that
 * `primaryContacts.address` names among the contacts.
 */
const REGION_ON_SERVER: ServerExpression = orNoneOf({
  $cond: [
    { $in: [{ $ifNull: [field('demographics.region'), ''] }, ['']] },
    {
      $arrayElemAt: [
        {
          $map: {
            input: {
              $filter: {
                input: entriesOf('contacts'),
                cond: { $eq: ['$$this.k', field('primaryContacts.address')] },
              },
            },
            in: {
              $ifNull: [
                '$$this.v.address.region',
                { $ifNull: ['$$this.v.address.countryCode', null] },
              ],
            },
          },
        },
        0,
      ],
    },
    field('demographics.region'),
  ],
});

const GONE = ['merged', 'erased'];

/**
 * RFM scores for the grid (0: never bought, else 1-5, 5 the best). Frequency and monetary are the
 * customer-360 classification's (trailing 12 months). Recency is read from the latest month with a
 * purchase, since the read model buckets purchases by month: that month or the one before scores
 * 5, 2-3 months back 4, 4-6 months 3, 7-12 months 2, older 1 (the 360's day bands, by month).
 */
export function rfmScoresOf(
  doc: Customer360Document,
  now: Date,
): { recency: number; frequency: number; monetary: number } {
  const { frequency, monetary } = classifyCustomer(doc, null, now).rfm;
  const months = Object.entries(doc.purchases?.months ?? {})
    .filter(([, m]) => m.count > 0)
    .map(([key]) => key)
    .sort();
  const last = months[months.length - 1];
  if (!last) return { recency: 0, frequency, monetary };
  const back =
    now.getUTCFullYear() * 12 +
    now.getUTCMonth() -
    (Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1);
  const recency = back <= 1 ? 5 : back <= 3 ? 4 : back <= 6 ? 3 : back <= 12 ? 2 : 1;
  return { recency, frequency, monetary };
}

/** The purchase buckets of the months before `asOf`'s month, and their count. */
function purchasesBefore(doc: Customer360Document, asOf: Date): Customer360Document['purchases'] {
  const month = asOf.toISOString().slice(0, 7);
  const months = Object.fromEntries(
    Object.entries(doc.purchases?.months ?? {}).filter(([key]) => key < month),
  );
  const count = Object.values(months).reduce((sum, m) => sum + (m.count ?? 0), 0);
  return { count, months };
}

/**
 * The customer as it stood at `asOf`: status, owner and team of then from the lifecycle history
 * (merged away or erased by then: no row), channels recorded by then, purchases of the months
 * before. Without a history (the reports projection trails), the status and owner now, gone if
 * the merge or erasure (a customer's last update) happened by then.
 */
function customerAsOf(doc: CustomerRow, asOf: Date): CustomerRow | null {
  const { then, ...customer } = doc;
  if (then === null) return null;
  const status = then ? then.status : doc.status;
  if (GONE.includes(status) && (then || Date.parse(doc.updatedAt) <= asOf.getTime())) return null;
  // Channels recorded later did not exist yet.
  const channels = Object.fromEntries(
    Object.entries(doc.channels ?? {}).filter(
      ([, c]) => Date.parse(c.recordedAt) <= asOf.getTime(),
    ),
  );
  return {
    ...customer,
    ...(then && {
      status: then.status as Customer360Document['status'],
      ownerUserId: then.ownerUserId,
      teamId: then.teamId,
    }),
    channels,
    purchases: purchasesBefore(doc, asOf),
  };
}

export const customersDataset = declareDataset<CustomerRow>({
  name: 'customers',
  label: 'Customers',
  projection: CUSTOMER_360_PROJECTION,
  model: CUSTOMER_360_MODEL,
  scope: 'customers',
  storeCategory: 'customers.Customer',
  timeField: 'createdAt',
  fields: [
    'kind',
    'status',
    'updatedAt',
    'demographics',
    'contacts',
    'primaryContacts',
    'channels',
    'purchases',
    'ownerUserId',
    'teamId',
  ],
  baseMatch: { status: { $nin: GONE } },
  dimensions: {
    region: {
      label: 'Region',
      value: (doc) => orNone(regionOf(doc)),
      server: () => REGION_ON_SERVER,
    },
    kind: { label: 'Kind', value: (doc) => doc.kind, server: () => field('kind') },
    lifecycle: {
      label: 'Lifecycle status',
      value: (doc) => doc.status,
      server: () => field('status'),
    },
    acquisitionChannel: {
      label: 'Acquisition channel',
      value: (doc) => acquisitionChannelOf(doc),
      server: () => ACQUISITION_CHANNEL_ON_SERVER,
    },
    valueTier: {
      label: 'Value tier (trailing 12 months)',
      value: (doc, now) => classifyCustomer(doc, null, now).valueTier,
    },
    owner: {
      label: 'Owner',
      value: (doc) => orNone(doc.ownerUserId),
      server: () => orNoneOf(field('ownerUserId')),
    },
    rfmRecency: {
      label: 'RFM recency score (0 never bought, 5 best)',
      value: (doc, now) => String(rfmScoresOf(doc, now).recency),
    },
    rfmFrequency: {
      label: 'RFM frequency score (trailing 12 months)',
      value: (doc, now) => String(rfmScoresOf(doc, now).frequency),
    },
    rfmMonetary: {
      label: 'RFM monetary score (trailing 12 months)',
      value: (doc, now) => String(rfmScoresOf(doc, now).monetary),
    },
  },
  measures: {
    customers: { kind: 'count', label: 'Customers' },
    purchases: {
      kind: 'sum',
      label: 'Purchases (all time)',
      value: (doc) => doc.purchases?.count ?? 0,
      server: () => counter('purchases.count'),
    },
  },
  asOf: {
    at: customerAsOf,
    join: withCustomerThen,
    joinedProjections: [REPORT_CUSTOMER_LIFECYCLE_PROJECTION],
    undatedDimensions: ['region'],
    undatedMeasures: [],
    // Purchases are bucketed by month: at a month's first instant the earlier buckets are exact.
    datedByMonth: ['valueTier', 'rfmRecency', 'rfmFrequency', 'rfmMonetary', 'purchases'],
  },
  record: (doc) => ({
    id: doc._id,
    kind: doc.kind,
    status: doc.status,
    region: regionOf(doc),
    registeredAt: doc.createdAt,
  }),
});
