// The Campaign aggregate: draft → scheduled → sending → sent, or cancelled before sending. While
// sending, each recipient gets exactly one delivery outcome (sent or skipped with its reason): a
// second outcome for the same customer decides nothing, so a retried or replayed send cannot
// mail anyone twice.
import type { Decider } from '@crm/event-sourcing';
import {
  ApprovalRequiredError,
  InvalidTransitionError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  TestSendRequiredError,
} from '../errors';
import type { TemplateLocale } from '../template/merge-fields';
import type { CampaignCommand } from './campaign.commands';
import type { CampaignEvent } from './campaign.events';
import type { MarketingChannel } from '../delivery/channels';
import type { DeferralReason } from '../delivery/sending-policy';
import type { AbTest } from './variant-test';

export type CampaignStatus = 'Draft' | 'Scheduled' | 'Sending' | 'Sent' | 'Cancelled';

export interface CampaignFacts {
  readonly name: string;
  readonly segmentId: string;
  readonly templateId: string;
  readonly locale: TemplateLocale;
  readonly sendAt: string | null;
  /** Customers with a delivery outcome. */
  readonly delivered: ReadonlySet<string>;
  /** The Message-ID of each customer's mail, to match a bounce with. */
  readonly messageIds: ReadonlyMap<string, string>;
  /** Customers whose mail bounced. */
  readonly bounced: ReadonlySet<string>;
  /** A/B variants, and the winner once chosen (null before, or without variants). */
  readonly abTest: AbTest | null;
  readonly winner: string | null;
  readonly channel: MarketingChannel;
  /** The variant each customer was sent (A/B campaigns). */
  readonly variantOf: ReadonlyMap<string, string>;
  readonly sentCount: number;
  readonly skippedCount: number;
  /** Test sends to a seed list so far. */
  readonly testSends: number;
  readonly approved: boolean;
  /** The last deferral of the send (tenant quiet hours or cap), if any. */
  readonly deferral: { readonly reason: DeferralReason; readonly until: string } | null;
}

export type CampaignState =
  { readonly status: 'None' } | (CampaignFacts & { readonly status: CampaignStatus });

export const initialCampaignState: CampaignState = { status: 'None' };

function decide(command: CampaignCommand, state: CampaignState): readonly CampaignEvent[] {
  const { campaignId, now } = command.data;
  if (command.type === 'CreateCampaign') {
    if (state.status !== 'None') throw new RecordAlreadyExistsError('campaign', campaignId);
    const { name, segmentId, templateId, locale, abTest, channel } = command.data;
    return [
      {
        type: 'marketing.CampaignCreated',
        data: {
          campaignId,
          name,
          segmentId,
          templateId,
          locale,
          ...(abTest === undefined ? {} : { abTest }),
          ...(channel === undefined || channel === 'email' ? {} : { channel }),
          createdAt: now,
        },
      },
    ];
  }
  if (state.status === 'None') throw new RecordNotFoundError('campaign', campaignId);
  const refuse = (action: string) => new InvalidTransitionError('campaign', state.status, action);
  switch (command.type) {
    case 'ScheduleCampaign':
      if (state.status !== 'Draft' && state.status !== 'Scheduled') throw refuse('scheduled');
      if (command.data.approvalRequired === true && !state.approved)
        throw new ApprovalRequiredError(campaignId);
      return [
        {
          type: 'marketing.CampaignScheduled',
          data: { campaignId, sendAt: command.data.sendAt, scheduledAt: now },
        },
      ];
    case 'StartSending':
      if (state.status === 'Sending') return [];
      if (state.status !== 'Draft' && state.status !== 'Scheduled') throw refuse('sent');
      if (command.data.approvalRequired === true && !state.approved)
        throw new ApprovalRequiredError(campaignId);
      return [
        {
          type: 'marketing.CampaignSendingStarted',
          data: { campaignId, audienceSize: command.data.audienceSize, startedAt: now },
        },
      ];
    case 'RecordDelivery': {
      const { customerId, outcome } = command.data;
      if (state.status !== 'Sending') throw refuse('delivering');
      if (state.delivered.has(customerId)) return [];
      return outcome.kind === 'sent'
        ? [
            {
              type: 'marketing.CampaignMessageSent',
              data: {
                campaignId,
                customerId,
                messageId: outcome.messageId,
                ...(outcome.variantId === undefined ? {} : { variantId: outcome.variantId }),
                ...(state.channel === 'email' ? {} : { channel: state.channel }),
                sentAt: now,
              },
            },
          ]
        : [
            {
              type: 'marketing.CampaignRecipientSkipped',
              data: {
                campaignId,
                customerId,
                reason: outcome.reason,
                detail: outcome.detail,
                skippedAt: now,
              },
            },
          ];
    }
    case 'CompleteSending':
      if (state.status === 'Sent') return [];
      if (state.status !== 'Sending') throw refuse('completed');
      // An A/B campaign's remaining audience gets the winner: it is not done before one is chosen.
      if (state.abTest !== null && state.winner === null)
        throw refuse('completed without a winner');
      return [
        {
          type: 'marketing.CampaignSent',
          data: {
            campaignId,
            sentCount: state.sentCount,
            skippedCount: state.skippedCount,
            completedAt: now,
          },
        },
      ];
    case 'CancelCampaign': {
      if (state.status === 'Cancelled') return [];
      if (state.status !== 'Draft' && state.status !== 'Scheduled') throw refuse('cancelled');
      const { reason } = command.data;
      return [
        {
          type: 'marketing.CampaignCancelled',
          data: { campaignId, ...(reason === undefined ? {} : { reason }), cancelledAt: now },
        },
      ];
    }
    case 'ApproveCampaign':
      if (state.status !== 'Draft' && state.status !== 'Scheduled') throw refuse('approved');
      if (state.approved) return [];
      if (state.testSends === 0) throw new TestSendRequiredError(campaignId);
      return [
        {
          type: 'marketing.CampaignApproved',
          data: { campaignId, approvedBy: command.data.approvedBy, approvedAt: now },
        },
      ];
    case 'ChooseWinner': {
      const { variantId, metric, pValue } = command.data;
      if (state.winner === variantId) return [];
      if (state.status !== 'Sending' || state.winner !== null) throw refuse('given a winner');
      if (!state.abTest?.variants.some((v) => v.variantId === variantId))
        throw new RecordNotFoundError('campaign variant', variantId);
      return [
        {
          type: 'marketing.CampaignWinnerChosen',
          data: { campaignId, variantId, metric, pValue, chosenAt: now },
        },
      ];
    }
    case 'RecordBounce': {
      // A bounce names a mail this campaign sent to this customer; reported again, it is one bounce.
      const { customerId, messageId, kind, detail, bouncedAt } = command.data;
      if (state.messageIds.get(customerId) !== messageId)
        throw new RecordNotFoundError('campaign message', messageId);
      if (state.bounced.has(customerId)) return [];
      return [
        {
          type: 'marketing.CampaignMessageBounced',
          data: {
            campaignId,
            customerId,
            messageId,
            kind,
            ...(detail === undefined ? {} : { detail }),
            bouncedAt,
          },
        },
      ];
    }
    case 'RecordTestSend': {
      if (state.status !== 'Draft' && state.status !== 'Scheduled') throw refuse('test-sent');
      const { recipients, sampleCustomerId, variantIds } = command.data;
      return [
        {
          type: 'marketing.CampaignTestSent',
          data: {
            campaignId,
            recipients,
            ...(sampleCustomerId === undefined ? {} : { sampleCustomerId }),
            ...(variantIds === undefined ? {} : { variantIds }),
            sentAt: now,
          },
        },
      ];
    }
    case 'DeferSending': {
      const { reason, until } = command.data;
      if (state.status !== 'Sending') throw refuse('deferred');
      // The same deferral reported again (a retried send) is one deferral.
      if (state.deferral?.reason === reason && state.deferral.until === until) return [];
      return [
        {
          type: 'marketing.CampaignSendingDeferred',
          data: { campaignId, reason, until, deferredAt: now },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown campaign command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: CampaignState, event: CampaignEvent): CampaignState {
  if (event.type === 'marketing.CampaignCreated') {
    const { name, segmentId, templateId, locale, abTest, channel } = event.data;
    return {
      status: 'Draft',
      name,
      segmentId,
      templateId,
      locale,
      sendAt: null,
      delivered: new Set(),
      messageIds: new Map(),
      bounced: new Set(),
      abTest: abTest ?? null,
      winner: null,
      variantOf: new Map(),
      channel: channel ?? 'email',
      sentCount: 0,
      skippedCount: 0,
      testSends: 0,
      approved: false,
      deferral: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'marketing.CampaignScheduled':
      return { ...state, status: 'Scheduled', sendAt: event.data.sendAt };
    case 'marketing.CampaignSendingStarted':
      return { ...state, status: 'Sending' };
    case 'marketing.CampaignMessageSent':
      return {
        ...state,
        delivered: new Set(state.delivered).add(event.data.customerId),
        messageIds: new Map(state.messageIds).set(event.data.customerId, event.data.messageId),
        ...(event.data.variantId === undefined
          ? {}
          : {
              variantOf: new Map(state.variantOf).set(event.data.customerId, event.data.variantId),
            }),
        sentCount: state.sentCount + 1,
      };
    case 'marketing.CampaignRecipientSkipped':
      return {
        ...state,
        delivered: new Set(state.delivered).add(event.data.customerId),
        skippedCount: state.skippedCount + 1,
      };
    case 'marketing.CampaignSent':
      return { ...state, status: 'Sent' };
    case 'marketing.CampaignCancelled':
      return { ...state, status: 'Cancelled' };
    case 'marketing.CampaignTestSent':
      return { ...state, testSends: state.testSends + 1 };
    case 'marketing.CampaignApproved':
      return { ...state, approved: true };
    case 'marketing.CampaignMessageBounced':
      return { ...state, bounced: new Set(state.bounced).add(event.data.customerId) };
    case 'marketing.CampaignWinnerChosen':
      return { ...state, winner: event.data.variantId };
    case 'marketing.CampaignSendingDeferred':
      return { ...state, deferral: { reason: event.data.reason, until: event.data.until } };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown campaign event ${JSON.stringify(unknown)}`);
    }
  }
}

export const campaignDecider: Decider<CampaignState, CampaignCommand, CampaignEvent> = {
  decide,
  evolve,
  initialState: initialCampaignState,
};
