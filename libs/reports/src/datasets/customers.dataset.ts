// Customers, one row per customer of the customer-360 read model (merged duplicates and erased
// people not counted now). As of an instant: customers registered by then, minus those merged away
// or erased by then (their last update is that terminal event); only the kind and the acquisition
// channel (dated by when the channel was recorded) are dated facts, so region, lifecycle, value
// tier and owner are refused with asOf.
import {
  CUSTOMER_360_MODEL,
  CUSTOMER_360_PROJECTION,
  classifyCustomer,
  regionOf,
  type Customer360Document,
} from '@crm/customers-read-models';
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

export const customersDataset = declareDataset<Customer360Document>({
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
    at: (doc, asOf) => {
      if (GONE.includes(doc.status) && Date.parse(doc.updatedAt) <= asOf.getTime()) return null;
      // Channels recorded later did not exist yet.
      const channels = Object.fromEntries(
        Object.entries(doc.channels ?? {}).filter(
          ([, c]) => Date.parse(c.recordedAt) <= asOf.getTime(),
        ),
      );
      return { ...doc, channels };
    },
    undatedDimensions: ['region', 'lifecycle', 'valueTier', 'owner'],
    undatedMeasures: ['purchases'],
  },
  record: (doc) => ({
    id: doc._id,
    kind: doc.kind,
    status: doc.status,
    region: regionOf(doc),
    registeredAt: doc.createdAt,
  }),
});
