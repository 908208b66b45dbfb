// The tenant's sending policy applied to one message about to leave (ADR 0385): inside the tenant's
// quiet hours, or with its cap on the channel full for the hour or the day, the message is deferred
// (the caller waits on its durable timer until `until`), never dropped; otherwise the message takes
// its slot in the tenant's allowance and goes. Checked after consent and the customer's own limits,
// so a skipped recipient takes no slot.
import {
  SendingCapReachedError,
  capOf,
  capWindows,
  sendingAllowanceDecider,
  sendingAllowanceStreamId,
  sendingPolicyDecider,
  sendingPolicyStreamId,
  tenantQuietUntil,
  type DeferralReason,
  type MarketingChannel,
  type SendingPolicyState,
  type SetSendingPolicy,
} from '@crm/marketing-domain';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';

/** A message that waits: why, and until when. */
export interface Deferral {
  readonly kind: 'deferred';
  readonly reason: DeferralReason;
  readonly until: string;
}

export class TenantSendingGate {
  constructor(private readonly app: MarketingApplication) {}

  policy(meta: RequestMeta): Promise<SendingPolicyState> {
    return this.app.load(meta, sendingPolicyDecider, sendingPolicyStreamId(meta.tenantId));
  }

  setPolicy(meta: RequestMeta, command: SetSendingPolicy) {
    return this.app.run(
      meta,
      sendingPolicyDecider,
      sendingPolicyStreamId(meta.tenantId),
      command,
      meta.tenantId,
    );
  }

  /** Null when the message may leave now (its slot is taken); else when and why it waits. */
  async admit(
    request: RequestMeta,
    policy: SendingPolicyState,
    channel: MarketingChannel,
    sourceId: string,
  ): Promise<Deferral | null> {
    if (policy.status === 'None') return null;
    const now = this.app.now();
    const quietUntil = tenantQuietUntil(policy, new Date(now));
    if (quietUntil !== null) return { kind: 'deferred', reason: 'QUIET_HOURS', until: quietUntil };
    const cap = capOf(policy, channel);
    if (!cap) return null;
    // Each message takes its own slot: the request's idempotency key belongs to the whole send.
    const { idempotencyKey: _requestKey, ...meta } = request;
    const windows = capWindows(new Date(now), policy.timeZone);
    try {
      await this.app.run(
        meta,
        sendingAllowanceDecider,
        sendingAllowanceStreamId(meta.tenantId, channel, windows.localDay),
        {
          type: 'UseSendingAllowance',
          data: { ...windows, channel, perHour: cap.perHour, perDay: cap.perDay, sourceId, now },
        },
        `${channel}-${windows.localDay}`,
      );
      return null;
    } catch (error) {
      if (error instanceof SendingCapReachedError)
        return { kind: 'deferred', reason: error.reason, until: error.until };
      throw error;
    }
  }
}
