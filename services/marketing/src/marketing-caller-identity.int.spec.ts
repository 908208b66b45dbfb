// The service verifies its caller itself (docs/security.md "Trust boundary"): called directly over
// gRPC, without the gateway, every request without a valid service call token (audience
// crm.marketing), or from a role that may not write marketing records, or for another tenant's
// records, is refused with a clear status and writes nothing.
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { refusalCheck, untrustedCallers } from '@crm/grpc-service/testing';
import {
  ctx,
  startMarketingTestService,
  type MarketingTestService,
} from '../test/marketing-test-service';

jest.setTimeout(60_000);

let t: MarketingTestService;
beforeAll(async () => {
  t = await startMarketingTestService('mkt-caller');
  await t.call('DefineSegment', {
    ctx: ctx(),
    segmentId: 'all-bavaria',
    name: 'Bavaria',
    ruleJson: JSON.stringify({ field: 'region', op: 'in', value: ['Bavaria'] }),
  });
});
afterAll(async () => {
  await t?.stop();
});

const expectRefused = refusalCheck(
  () => t,
  async () => (await t.events()).length,
);

const define = () => ({
  ctx: ctx(),
  name: 'Texas',
  ruleJson: JSON.stringify({ field: 'region', op: 'in', value: ['Texas'] }),
});

describe('the marketing service’s caller', () => {
  it('is refused without a valid service call token', async () => {
    for (const metadata of untrustedCallers(t, 'crm.sales')) {
      await expectRefused(
        'DefineSegment',
        define(),
        { metadata: await metadata() },
        grpc.status.UNAUTHENTICATED,
        'UNAUTHENTICATED',
      );
    }
  });

  it('writes only as a marketer or an admin', async () => {
    for (const role of [Role.SALES_REP, Role.SALES_MANAGER, Role.SERVICE_AGENT, Role.AUDITOR]) {
      for (const [method, request] of [
        ['DefineSegment', define()],
        ['SendCampaign', { ctx: ctx(), campaignId: 'x' }],
      ] as const) {
        await expectRefused(
          method,
          request,
          { roles: [role] },
          grpc.status.PERMISSION_DENIED,
          'PERMISSION_DENIED',
        );
      }
    }
    await expect(t.call('DefineSegment', define(), { roles: [Role.ADMIN] })).resolves.toMatchObject(
      {
        eventTypes: ['marketing.SegmentDefined'],
      },
    );
  });

  it('acts in its own tenant only: another tenant’s segment does not exist', async () => {
    await expectRefused(
      'CreateCampaign',
      {
        ctx: ctx(),
        name: 'X',
        segmentId: 'all-bavaria',
        templateId: 't',
        locale: 'TEMPLATE_LOCALE_EN',
      },
      { tenantId: 'tenant-b' },
      grpc.status.NOT_FOUND,
      'NOT_FOUND',
    );
  });
});
