// Live segment membership against the real servers: the service's reconciliation records who
// entered a segment when it is defined, who entered and left as the audience changes (a profile
// changed, a customer erased), nothing while nothing changes, and names customers by id only.
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { CustomerAudience } from '@crm/marketing-read-models';
import { eventually } from '@crm/testing';
import type { Connection } from 'mongoose';
import { MarketingApplication } from '../application/marketing.application';
import { MARKETING_MONGO, MARKETING_RUNTIME } from '../marketing.tokens';
import { RfmScoring } from '../rfm/rfm-scoring';
import {
  ctx,
  startMarketingTestService,
  type MarketingTestService,
  type StoredEvent,
} from '../../test/marketing-test-service';

jest.setTimeout(120_000);

let t: MarketingTestService;

/** A live person in a region; `orders` > 0 gives them EUR order figures (the RFM run reads them). */
const profile = (id: string, region: string, orders = 0) => ({
  _id: id,
  tenantId: 'tenant-a',
  kind: 'person',
  status: 'active',
  person: { firstName: id, lastName: 'Test' },
  demographics: { region },
  ...(orders > 0
    ? {
        orders: {
          EUR: { count: orders, totalMinor: orders * 1_000, lastAt: '2026-11-01T00:00:00.000Z' },
        },
      }
    : {}),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

const changes = async (): Promise<[string, string][]> =>
  (await t.events())
    .filter((e: StoredEvent) => e.type === 'marketing.SegmentMembershipChanged')
    .map((e) => [e.data.customerId as string, e.data.change as string]);

beforeAll(async () => {
  t = await startMarketingTestService('mkt-members', {
    CRM_MARKETING_MEMBERSHIP_INTERVAL_MS: '200',
  });
  await t.putCustomers([
    profile('anna', 'Bavaria'),
    profile('bob', 'Bavaria', 2),
    profile('chen', 'Texas', 3),
  ]);
});
afterAll(async () => {
  await t?.stop();
});

describe('live segment membership', () => {
  it('records entered and left as the audience changes, each change once', async () => {
    await t.call('DefineSegment', {
      ctx: ctx(),
      segmentId: 'bavaria',
      name: 'Bavaria',
      ruleJson: JSON.stringify({ field: 'region', op: 'in', value: ['Bavaria'] }),
    });
    await eventually(async () => {
      expect(await changes()).toEqual([
        ['anna', 'entered'],
        ['bob', 'entered'],
      ]);
    });

    await t.updateCustomer('chen', { 'demographics.region': 'Bavaria' });
    await t.updateCustomer('anna', { status: 'erased' });
    await eventually(async () => {
      expect(await changes()).toEqual([
        ['anna', 'entered'],
        ['bob', 'entered'],
        ['anna', 'left'],
        ['chen', 'entered'],
      ]);
    });

    // Several more passes with nothing changed record nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await changes()).toHaveLength(4);

    const events = (await t.events()).filter(
      (e) => e.type === 'marketing.SegmentMembershipChanged',
    );
    expect(events.map((e) => e.stream_id)).toEqual(
      Array(4).fill('marketing.SegmentMembership-bavaria'),
    );
    expect(events.every((e) => e.actor.name === 'marketing.membership')).toBe(true);
    expect(Object.keys(events[0]!.data as object).sort()).toEqual([
      'change',
      'changedAt',
      'customerId',
      'segmentId',
    ]);
  });
});

describe('the nightly RFM run', () => {
  it('sets quintile cut-offs per currency for a tenant as soon as its first segment is seen', async () => {
    const rfm = await eventually(async () => {
      const set = (await t.events()).filter((e) => e.type === 'marketing.RfmCutOffsSet');
      expect(set).toHaveLength(1);
      return set[0]!;
    });
    expect(rfm.stream_id).toBe('marketing.RfmModel-tenant-a-EUR');
    expect(rfm.actor.name).toBe('marketing.rfm');
    expect(rfm.data).toMatchObject({
      currency: 'EUR',
      source: 'quintiles',
      frequency: [2, 2, 3, 3],
      monetaryMinor: [2_000, 2_000, 3_000, 3_000],
    });
    const timers = await t.query<{ key: string; schedule: unknown }>(
      "SELECT key, schedule FROM timers.timers WHERE owner = 'marketing-rfm' ORDER BY key",
    );
    expect(timers.map((r) => r.key)).toEqual(['rfm:first', 'rfm:nightly']);
    expect(timers[1]!.schedule).toEqual({ cron: '0 2 * * *', timeZone: 'UTC' });
  });

  it("keeps a marketer's configured cut-offs over the nightly quintiles, and refuses bad ones", async () => {
    const cutOffs = {
      recencyDays: [7, 30, 90, 180],
      frequency: [1, 2, 4, 8],
      monetaryMinor: [0, 0, 5e3, 1e4],
    };
    const set = await t.call('SetRfmCutOffs', { ctx: ctx(), currency: 'EUR', ...cutOffs });
    expect(set.eventTypes).toEqual(['marketing.RfmCutOffsSet']);
    // The same cut-offs again record nothing.
    expect(
      (await t.call('SetRfmCutOffs', { ctx: ctx(), currency: 'EUR', ...cutOffs })).replayed,
    ).toBe(true);

    const before = (await t.events()).length;
    const bad = await t.fail('SetRfmCutOffs', {
      ctx: ctx(),
      currency: 'euro',
      recencyDays: [30, 7, 90, 180],
      frequency: [1, 2, 4],
      monetaryMinor: [-1, 0, 1, 2],
    });
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.detail.violations.map((v) => [v.field, v.code])).toEqual([
      ['currency', 'INVALID_FORMAT'],
      ['recencyDays', 'INVALID_RFM_CUT_OFFS'],
      ['frequency', 'INVALID_RFM_CUT_OFFS'],
      ['monetaryMinor', 'INVALID_RFM_CUT_OFFS'],
    ]);
    const reader = await t.fail(
      'SetRfmCutOffs',
      { ctx: ctx(), currency: 'EUR', ...cutOffs },
      { roles: [Role.SALES_REP] },
    );
    expect(reader.code).toBe(grpc.status.PERMISSION_DENIED);
    expect((await t.events()).length).toBe(before);

    // The nightly run proposes quintiles again: the configured cut-offs stay.
    const nest = t.service.app;
    const rfm = new RfmScoring(
      nest.get(MarketingApplication),
      new CustomerAudience(nest.get<Connection>(MARKETING_MONGO)),
      nest.get(MARKETING_RUNTIME),
    );
    expect(await rfm.score('tenant-a', 'nightly-after-configured')).toEqual([]);
    const models = (await t.events()).filter((e) => e.type === 'marketing.RfmCutOffsSet');
    expect(models.at(-1)!.data).toMatchObject({ source: 'configured', ...cutOffs });
    expect(models).toHaveLength(2);
  });
});
