// What journeys read of the customer profiles (the customers context's customer_360 read model, as
// CustomerAudience): one live profile whole (a branch evaluates a segment rule on it; its custom
// field `timeZone` places a birthday), and the live profiles whose birthday falls on given days.
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  CUSTOMER_PROFILE_MODEL,
  CUSTOMER_PROFILE_PROJECTION,
  LIVE_STATUSES,
  type CustomerProfileDocument,
} from './customer-audience';

export interface JourneyProfile extends CustomerProfileDocument {
  readonly demographics?: { readonly region?: string; readonly birthday?: string };
}

export class JourneyProfiles {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  private collection() {
    return this.resolver.collection<JourneyProfile>(
      CUSTOMER_PROFILE_PROJECTION,
      CUSTOMER_PROFILE_MODEL,
    );
  }

  async profile(tenantId: string, customerId: string): Promise<JourneyProfile | null> {
    return (await this.collection()).findOne({
      _id: { $eq: customerId },
      tenantId: { $eq: tenantId },
      status: { $in: LIVE_STATUSES },
    });
  }

  /** Live profiles whose birthday (YYYY-MM-DD) ends with one of the `-MM-DD` suffixes. */
  async withBirthdayOn(tenantId: string, suffixes: readonly string[]): Promise<JourneyProfile[]> {
    const pattern = `(${suffixes.map((s) => s.replace(/[^0-9-]/g, '')).join('|')})$`;
    return (await this.collection())
      .find({
        tenantId: { $eq: tenantId },
        status: { $in: LIVE_STATUSES },
        'demographics.birthday': { $regex: pattern },
      })
      .sort({ _id: 1 })
      .toArray();
  }
}
