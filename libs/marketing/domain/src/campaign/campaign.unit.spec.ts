// The Campaign aggregate: draft → scheduled → sending → sent, one delivery per recipient.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidTransitionError, RecordNotFoundError } from '../errors';
import type { CampaignCommand } from './campaign.commands';
import { campaignDecider } from './campaign.decider';
import type { CampaignEvent } from './campaign.events';

const C = 'camp-1';
const T0 = '2026-11-30T09:00:00.000Z';
const T1 = '2026-11-30T10:00:00.000Z';
const spec = deciderSpec(campaignDecider);

const created: CampaignEvent = {
  type: 'marketing.CampaignCreated',
  data: {
    campaignId: C,
    name: 'Spring',
    segmentId: 's1',
    templateId: 't1',
    locale: 'en',
    createdAt: T0,
  },
};
const started: CampaignEvent = {
  type: 'marketing.CampaignSendingStarted',
  data: { campaignId: C, audienceSize: 2, startedAt: T1 },
};
const sentTo = (customerId: string): CampaignEvent => ({
  type: 'marketing.CampaignMessageSent',
  data: { campaignId: C, customerId, messageId: `<${customerId}@crm>`, sentAt: T1 },
});
const deliver = (customerId: string): CampaignCommand => ({
  type: 'RecordDelivery',
  data: {
    campaignId: C,
    customerId,
    outcome: { kind: 'sent', messageId: `<${customerId}@crm>` },
    now: T1,
  },
});

describe('the Campaign aggregate', () => {
  it('is created as a draft and scheduled', () => {
    spec
      .given([created])
      .when({ type: 'ScheduleCampaign', data: { campaignId: C, sendAt: T1, now: T0 } })
      .then([
        {
          type: 'marketing.CampaignScheduled',
          data: { campaignId: C, sendAt: T1, scheduledAt: T0 },
        },
      ]);
  });

  it('starts sending from draft or scheduled, and starting again changes nothing', () => {
    spec
      .given([created])
      .when({ type: 'StartSending', data: { campaignId: C, audienceSize: 2, now: T1 } })
      .then([started]);
    spec
      .given([created, started])
      .when({ type: 'StartSending', data: { campaignId: C, audienceSize: 2, now: T1 } })
      .thenNothingHappened();
  });

  it('records one delivery per recipient: a second send to the same customer decides nothing', () => {
    spec
      .given([created, started])
      .when(deliver('anna'))
      .then([sentTo('anna')]);
    spec
      .given([created, started, sentTo('anna')])
      .when(deliver('anna'))
      .thenNothingHappened();
  });

  it('records a skipped recipient with its reason', () => {
    spec
      .given([created, started])
      .when({
        type: 'RecordDelivery',
        data: {
          campaignId: C,
          customerId: 'bob',
          outcome: { kind: 'skipped', reason: 'NO_CONSENT', detail: 'email consent not granted' },
          now: T1,
        },
      })
      .then([
        {
          type: 'marketing.CampaignRecipientSkipped',
          data: {
            campaignId: C,
            customerId: 'bob',
            reason: 'NO_CONSENT',
            detail: 'email consent not granted',
            skippedAt: T1,
          },
        },
      ]);
  });

  it('completes with the counts of what happened', () => {
    spec
      .given([created, started, sentTo('anna')])
      .when({ type: 'CompleteSending', data: { campaignId: C, now: T1 } })
      .then([
        {
          type: 'marketing.CampaignSent',
          data: { campaignId: C, sentCount: 1, skippedCount: 0, completedAt: T1 },
        },
      ]);
  });

  it('refuses deliveries outside sending, and cancelling once sending', () => {
    spec.given([created]).when(deliver('anna')).thenThrows(InvalidTransitionError);
    spec
      .given([created, started])
      .when({ type: 'CancelCampaign', data: { campaignId: C, now: T1 } })
      .thenThrows(InvalidTransitionError);
    spec.given([]).when(deliver('anna')).thenThrows(RecordNotFoundError);
  });

  it('a cancelled campaign cannot be sent', () => {
    spec
      .given([
        created,
        { type: 'marketing.CampaignCancelled', data: { campaignId: C, cancelledAt: T1 } },
      ])
      .when({ type: 'StartSending', data: { campaignId: C, audienceSize: 1, now: T1 } })
      .thenThrows(InvalidTransitionError);
  });

  const bounce = (customerId: string, messageId: string, kind: 'hard' | 'soft' = 'hard') =>
    ({
      type: 'RecordBounce',
      data: {
        campaignId: C,
        customerId,
        messageId,
        kind,
        detail: '550 5.1.1 user unknown',
        bouncedAt: T1,
        now: T1,
      },
    }) satisfies CampaignCommand;
  const bounced: CampaignEvent = {
    type: 'marketing.CampaignMessageBounced',
    data: {
      campaignId: C,
      customerId: 'anna',
      messageId: '<anna@crm>',
      kind: 'hard',
      detail: '550 5.1.1 user unknown',
      bouncedAt: T1,
    },
  };
  const sent: CampaignEvent = {
    type: 'marketing.CampaignSent',
    data: { campaignId: C, sentCount: 1, skippedCount: 0, completedAt: T1 },
  };

  it('records a bounce of a mail it sent, once, also after sending completed', () => {
    spec
      .given([created, started, sentTo('anna')])
      .when(bounce('anna', '<anna@crm>'))
      .then([bounced]);
    spec
      .given([created, started, sentTo('anna'), sent])
      .when(bounce('anna', '<anna@crm>'))
      .then([bounced]);
    spec
      .given([created, started, sentTo('anna'), bounced])
      .when(bounce('anna', '<anna@crm>', 'soft'))
      .thenNothingHappened();
  });

  it('refuses a bounce naming no mail it sent: another Message-ID, a skipped or unknown recipient', () => {
    spec
      .given([created, started, sentTo('anna')])
      .when(bounce('anna', '<other@crm>'))
      .thenThrows(RecordNotFoundError);
    spec
      .given([created, started, sentTo('anna')])
      .when(bounce('bob', '<anna@crm>'))
      .thenThrows(RecordNotFoundError);
    spec.given([]).when(bounce('anna', '<anna@crm>')).thenThrows(RecordNotFoundError);
  });

  const abTest = {
    variants: [
      { variantId: 'a', templateId: 't1' },
      { variantId: 'b', templateId: 't2' },
    ],
    metric: 'clicked' as const,
    confidence: 0.95,
    testPercent: 20,
    minimumRecipients: 100,
  };
  const createdAb: CampaignEvent = {
    ...created,
    data: { ...created.data, abTest },
  };
  const choose = (variantId: string): CampaignCommand => ({
    type: 'ChooseWinner',
    data: { campaignId: C, variantId, metric: 'clicked', pValue: 0.01, now: T1 },
  });
  const chosen: CampaignEvent = {
    type: 'marketing.CampaignWinnerChosen',
    data: { campaignId: C, variantId: 'b', metric: 'clicked', pValue: 0.01, chosenAt: T1 },
  };

  it('an A/B campaign records its winner once, and completes only after it', () => {
    spec
      .given([createdAb, started])
      .when({ type: 'CompleteSending', data: { campaignId: C, now: T1 } })
      .thenThrows(InvalidTransitionError);
    spec.given([createdAb, started]).when(choose('b')).then([chosen]);
    spec.given([createdAb, started, chosen]).when(choose('b')).thenNothingHappened();
    spec.given([createdAb, started, chosen]).when(choose('a')).thenThrows(InvalidTransitionError);
    spec.given([createdAb, started]).when(choose('z')).thenThrows(RecordNotFoundError);
    spec.given([created, started]).when(choose('a')).thenThrows(RecordNotFoundError);
    spec
      .given([createdAb, started, chosen])
      .when({ type: 'CompleteSending', data: { campaignId: C, now: T1 } })
      .then([
        {
          type: 'marketing.CampaignSent',
          data: { campaignId: C, sentCount: 0, skippedCount: 0, completedAt: T1 },
        },
      ]);
  });
});
