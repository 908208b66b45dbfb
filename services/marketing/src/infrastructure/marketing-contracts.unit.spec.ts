// Every event the Marketing deciders produce satisfies its public contract
// (libs/contracts/src/marketing): the store's schema check on append and the relay's contract gate
// would both let it through; and the contract names the same values as the domain.
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import {
  MARKETING_DEFERRAL_REASONS,
  MARKETING_LOCALES,
  MARKETING_MERGE_FIELDS,
  MARKETING_SKIP_REASONS,
  marketingContracts,
} from '@crm/contracts/marketing';
import {
  CommandHandler,
  InMemoryEventStore,
  systemRuntime,
  type Decider,
  type DomainEvent,
} from '@crm/event-sourcing';
import {
  MERGE_FIELDS,
  SKIP_REASONS,
  TEMPLATE_LOCALES,
  campaignDecider,
  campaignStreamId,
  parseSegmentRule,
  segmentDecider,
  segmentStreamId,
  subscriptionDecider,
  subscriptionStreamId,
  templateDecider,
  templateStreamId,
  segmentMembershipDecider,
  segmentMembershipStreamId,
  rfmModelDecider,
  rfmModelStreamId,
  type CampaignCommand,
  DEFERRAL_REASONS,
  capWindows,
  sendingAllowanceDecider,
  sendingAllowanceStreamId,
  sendingPolicyDecider,
  sendingPolicyStreamId,
} from '@crm/marketing-domain';
import { exerciseJourneyDeciders } from '../journeys/journey-events.fixture';
import { marketingEventTypes } from './marketing-event-store';

const NOW = '2026-03-01T09:00:00.000Z';

describe('marketing events and their contracts', () => {
  it('validate on append (store schema) and as published messages (contract validator)', async () => {
    const store = new InMemoryEventStore({ eventTypes: marketingEventTypes() });
    const run = <S, C, E extends DomainEvent>(
      decider: Decider<S, C, E>,
      streamId: string,
      command: C,
    ) =>
      new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
        tenantId: 't1',
        actor: { kind: 'user', userId: 'u1', roles: [] },
      });
    const rule = parseSegmentRule({
      and: [
        { field: 'region', op: 'in', value: ['DE-BY'] },
        { not: { field: 'tag', op: 'has', value: 'vip' } },
      ],
    });
    await run(segmentDecider, segmentStreamId('s1'), {
      type: 'DefineSegment',
      data: { segmentId: 's1', name: 'Bavaria', rule, now: NOW },
    });
    await run(segmentDecider, segmentStreamId('s1'), {
      type: 'RedefineSegment',
      data: {
        segmentId: 's1',
        rule: parseSegmentRule({ field: 'kind', op: 'eq', value: 'person' }),
        now: NOW,
      },
    });
    await run(templateDecider, templateStreamId('t1'), {
      type: 'CreateTemplate',
      data: {
        templateId: 't1',
        name: 'Spring',
        versions: [{ locale: 'zh-CN', subject: '您好', body: '<mjml></mjml>' }],
        fallbacks: { 'customer.firstName': 'friend' },
        now: NOW,
      },
    });
    const campaign = (id: string, command: Omit<CampaignCommand, 'data'> & { data: object }) =>
      run(campaignDecider, campaignStreamId(id), {
        ...command,
        data: { campaignId: id, now: NOW, ...command.data },
      } as CampaignCommand);
    await campaign('c1', {
      type: 'CreateCampaign',
      data: { name: 'Spring', segmentId: 's1', templateId: 't1', locale: 'zh-CN' },
    });
    await campaign('c1', {
      type: 'RecordTestSend',
      data: { recipients: 2, sampleCustomerId: 'a' },
    });
    await campaign('c1', { type: 'ApproveCampaign', data: { approvedBy: 'admin-1' } });
    await campaign('c1', { type: 'ScheduleCampaign', data: { sendAt: NOW } });
    await campaign('c1', { type: 'StartSending', data: { audienceSize: 2 } });
    await campaign('c1', {
      type: 'RecordDelivery',
      data: { customerId: 'a', outcome: { kind: 'sent', messageId: '<c1.a@marketing.crm>' } },
    });
    await campaign('c1', {
      type: 'RecordDelivery',
      data: {
        customerId: 'b',
        outcome: { kind: 'skipped', reason: 'NO_CONSENT', detail: 'no consent' },
      },
    });
    await campaign('c1', { type: 'CompleteSending', data: {} });
    await campaign('c1', {
      type: 'RecordBounce',
      data: {
        customerId: 'a',
        messageId: '<c1.a@marketing.crm>',
        kind: 'hard',
        detail: '550 5.1.1 user unknown',
        bouncedAt: NOW,
      },
    });
    await campaign('c2', {
      type: 'CreateCampaign',
      data: { name: 'Other', segmentId: 's1', templateId: 't1', locale: 'en' },
    });
    await campaign('c2', { type: 'CancelCampaign', data: { reason: 'replaced' } });
    await campaign('c3', {
      type: 'CreateCampaign',
      data: {
        name: 'SMS A/B',
        segmentId: 's1',
        templateId: 't1',
        locale: 'en',
        channel: 'sms',
        abTest: {
          variants: [
            { variantId: 'a', templateId: 't1' },
            { variantId: 'b', templateId: 't2' },
          ],
          metric: 'revenue',
          confidence: 0.95,
          testPercent: 20,
          minimumRecipients: 100,
        },
      },
    });
    await campaign('c3', { type: 'StartSending', data: { audienceSize: 1 } });
    await campaign('c3', {
      type: 'RecordDelivery',
      data: {
        customerId: 'a',
        outcome: { kind: 'sent', messageId: '<c3.a@sms.marketing.crm>', variantId: 'b' },
      },
    });
    await campaign('c3', {
      type: 'ChooseWinner',
      data: { variantId: 'b', metric: 'revenue', pValue: 0.012 },
    });
    await campaign('c3', {
      type: 'DeferSending',
      data: { reason: 'DAILY_CAP', until: '2026-03-01T23:00:00.000Z' },
    });
    const policy = {
      timeZone: 'Europe/Berlin',
      quietHours: { from: '21:00', to: '08:00' },
      caps: [{ channel: 'sms' as const, perHour: 1, perDay: null }],
    };
    await run(sendingPolicyDecider, sendingPolicyStreamId('t1'), {
      type: 'SetSendingPolicy',
      data: { ...policy, setBy: 'admin-1', now: NOW },
    });
    const windows = capWindows(new Date(NOW), policy.timeZone);
    await run(sendingAllowanceDecider, sendingAllowanceStreamId('t1', 'sms', windows.localDay), {
      type: 'UseSendingAllowance',
      data: { ...windows, channel: 'sms', perHour: 1, perDay: null, sourceId: 'c3', now: NOW },
    });
    await run(subscriptionDecider, subscriptionStreamId('a'), {
      type: 'Unsubscribe',
      data: { customerId: 'a', campaignId: 'c1', now: NOW },
    });
    await run(subscriptionDecider, subscriptionStreamId('a'), {
      type: 'SuppressAddress',
      data: {
        customerId: 'a',
        addressDigest: 'k3y3d',
        messageId: '<c1.a@marketing.crm>',
        now: NOW,
      },
    });

    await exerciseJourneyDeciders(run, NOW);
    await run(segmentMembershipDecider, segmentMembershipStreamId('s1'), {
      type: 'ReconcileMembership',
      data: { segmentId: 's1', members: ['a', 'b'], now: NOW },
    });
    await run(segmentMembershipDecider, segmentMembershipStreamId('s1'), {
      type: 'ReconcileMembership',
      data: { segmentId: 's1', members: ['a'], now: NOW },
    });

    await run(rfmModelDecider, rfmModelStreamId('t1', 'EUR'), {
      type: 'SetRfmCutOffs',
      data: {
        currency: 'EUR',
        source: 'quintiles',
        recencyDays: [1, 7, 30, 90],
        frequency: [1, 1, 2, 3],
        monetaryMinor: [100, 2_000, 5_000, 10_000],
        now: NOW,
      },
    });

    const validator = new ContractValidator(new ContractRegistry([marketingContracts]));
    const stored = [];
    for await (const event of store.readAll()) stored.push(event);
    expect([...new Set(stored.map((e) => e.type))].sort()).toEqual(
      marketingContracts.events.map((c) => c.type).sort(),
    );
    for (const event of stored) validator.assertValid(event);
  });

  it('name the same locales, skip reasons and merge fields as the domain', () => {
    expect([...MARKETING_LOCALES]).toEqual([...TEMPLATE_LOCALES]);
    expect([...MARKETING_SKIP_REASONS]).toEqual([...SKIP_REASONS]);
    expect([...MARKETING_MERGE_FIELDS]).toEqual([...MERGE_FIELDS]);
    expect([...MARKETING_DEFERRAL_REASONS]).toEqual([...DEFERRAL_REASONS]);
  });
});
