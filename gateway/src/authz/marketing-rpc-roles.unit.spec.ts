// The gateway and services/marketing refuse the same roles: every GraphQL mutation that sends a
// marketing RPC declares exactly the roles the shared policy allows for that RPC (libs/access-policy
// MARKETING_RPC_ROLES), which the service enforces again on its side. Unsubscribe and
// TrackEngagement are sent by the anonymous link endpoints (the signed token is the authority), not
// by a GraphQL operation.
import { MARKETING_RPC_ROLES, type MarketingRpc } from '@crm/access-policy';
import { MarketingResolver } from '../marketing/marketing.resolver';
import { MarketingJourneysResolver } from '../marketing/marketing-journeys.resolver';
import { CampaignVariantsResolver } from '../marketing/campaign-variants.resolver';
import { RfmCutOffsResolver } from '../marketing/rfm-cut-offs.resolver';
import { ALLOWED_ROLES_KEY } from './allow.decorator';
import { type Role } from './role';

const SENDERS: readonly [string, MarketingRpc][] = [
  ['defineSegment', 'DefineSegment'],
  ['createTemplate', 'CreateTemplate'],
  ['previewMessage', 'PreviewMessage'],
  ['createCampaign', 'CreateCampaign'],
  ['scheduleCampaign', 'ScheduleCampaign'],
  ['cancelCampaign', 'CancelCampaign'],
  ['sendCampaign', 'SendCampaign'],
  ['sendTestCampaign', 'SendTestMessage'],
  ['approveCampaign', 'ApproveCampaign'],
];

describe.each(SENDERS)('MarketingResolver.%s', (method, rpc) => {
  test(`allows the roles the service allows for ${rpc}`, () => {
    const handler = (MarketingResolver.prototype as unknown as Record<string, unknown>)[method];
    expect(typeof handler).toBe('function');
    const declared = Reflect.getMetadata(ALLOWED_ROLES_KEY, handler as object) as Role[];
    expect([...declared].sort()).toEqual([...MARKETING_RPC_ROLES[rpc]].sort());
  });
});

const JOURNEY_SENDERS: readonly [string, MarketingRpc][] = [
  ['publishJourney', 'PublishJourney'],
  ['installReadyMadeJourney', 'InstallReadyMadeJourney'],
  ['marketingJourneys', 'ListJourneys'],
  ['recordMarketingCost', 'RecordMarketingCost'],
  ['attributionReport', 'AttributionReport'],
  ['setMarketingSendingPolicy', 'SetSendingPolicy'],
  ['marketingSendingPolicy', 'GetSendingPolicy'],
  ['pauseJourney', 'PauseJourney'],
  ['resumeJourney', 'ResumeJourney'],
];

describe.each(JOURNEY_SENDERS)('MarketingJourneysResolver.%s', (method, rpc) => {
  test(`allows the roles the service allows for ${rpc}`, () => {
    const handler = (MarketingJourneysResolver.prototype as unknown as Record<string, unknown>)[
      method
    ];
    expect(typeof handler).toBe('function');
    const declared = Reflect.getMetadata(ALLOWED_ROLES_KEY, handler as object) as Role[];
    expect([...declared].sort()).toEqual([...MARKETING_RPC_ROLES[rpc]].sort());
  });
});

test('CampaignVariantsResolver.evaluateCampaignVariants allows the roles the service allows', () => {
  const declared = Reflect.getMetadata(
    ALLOWED_ROLES_KEY,
    CampaignVariantsResolver.prototype.evaluateCampaignVariants,
  ) as Role[];
  expect([...declared].sort()).toEqual([...MARKETING_RPC_ROLES.EvaluateCampaignVariants].sort());
});

test('RfmCutOffsResolver.setRfmCutOffs allows the roles the service allows', () => {
  const declared = Reflect.getMetadata(
    ALLOWED_ROLES_KEY,
    RfmCutOffsResolver.prototype.setRfmCutOffs,
  ) as Role[];
  expect([...declared].sort()).toEqual([...MARKETING_RPC_ROLES.SetRfmCutOffs].sort());
});

test('every marketing RPC but the links’ Unsubscribe and TrackEngagement is sent by some gateway operation', () => {
  const sent = [...SENDERS, ...JOURNEY_SENDERS].map(([, rpc]) => rpc);
  sent.push('EvaluateCampaignVariants', 'SetRfmCutOffs');
  expect(new Set([...sent, 'Unsubscribe', 'TrackEngagement'])).toEqual(
    new Set(Object.keys(MARKETING_RPC_ROLES)),
  );
});
