// Sending a scheduled campaign at its time: a reactor on the service's own events keeps one durable
// timer per campaign (`campaign:<id>`, @crm/timers) — scheduled or moved by CampaignScheduled,
// cancelled by CampaignCancelled — and the timer worker sends the campaign when it is due, under
// the `marketing.timers` identity with the timer's idempotency key. Reading the event log instead of
// scheduling inside the RPC means a crash between the append and the timer loses nothing (the
// reactor resumes from its checkpoint). A firing for a campaign already sent or cancelled changes
// nothing. A send deferred by the tenant's quiet hours or cap (CampaignSendingDeferred) is resumed by
// the same timer at the deferral's end (ADR 0385).
import { Role, systemCaller } from '@crm/access-policy';
import type {
  CampaignCancelled,
  CampaignScheduled,
  CampaignSendingDeferred,
} from '@crm/marketing-domain';
import { InvalidTransitionError } from '@crm/marketing-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import type { CampaignSending } from '../application/campaign-sending';

export const MARKETING_TIMER_OWNER = 'marketing';
export const MARKETING_TIMERS_ACTOR = 'marketing.timers';
export const CAMPAIGN_SCHEDULER_REACTOR = 'marketing.campaign-scheduler';

const timerKey = (campaignId: string) => `campaign:${campaignId}`;

export function campaignSchedulerReactor(timers: TimerScheduler): ReactorDefinition {
  return {
    name: CAMPAIGN_SCHEDULER_REACTOR,
    eventTypes: [
      'marketing.CampaignScheduled',
      'marketing.CampaignCancelled',
      'marketing.CampaignSendingDeferred',
    ],
    async react(event) {
      if (
        event.type === 'marketing.CampaignScheduled' ||
        event.type === 'marketing.CampaignSendingDeferred'
      ) {
        const { campaignId } = event.data as CampaignScheduled['data'];
        const sendAt =
          event.type === 'marketing.CampaignScheduled'
            ? (event.data as CampaignScheduled['data']).sendAt
            : (event.data as CampaignSendingDeferred['data']).until;
        await timers.schedule({
          tenantId: event.tenantId,
          key: timerKey(campaignId),
          command: { type: 'SendCampaign', data: { campaignId } },
          schedule: { at: sendAt },
        });
      } else {
        const { campaignId } = event.data as CampaignCancelled['data'];
        await timers.cancel(event.tenantId, timerKey(campaignId));
      }
    },
  };
}

export async function fireMarketingTimer(
  sending: CampaignSending,
  firing: TimerFiring,
): Promise<void> {
  if (firing.command.type !== 'SendCampaign')
    throw new Error(`unknown marketing timer command ${firing.command.type}`);
  const { campaignId } = firing.command.data as { campaignId: string };
  try {
    await sending.send(
      {
        caller: systemCaller(firing.actor.name, firing.tenantId, [Role.MARKETER]),
        tenantId: firing.tenantId,
        correlationId: firing.timerId,
        idempotencyKey: firing.idempotencyKey,
      },
      campaignId,
    );
  } catch (error) {
    // Cancelled after the timer was claimed: nothing to send.
    if (error instanceof InvalidTransitionError) return;
    throw error;
  }
}
