// The nightly RFM run (ADR 0194): for a tenant, the order figures of its live customers per
// currency are read from the audience, their quintile cut-offs computed, and set on the tenant's RFM
// model of that currency (nothing recorded when they did not move; configured cut-offs are left
// alone by the decider). Fired by a durable timer per tenant (`rfm:nightly`, 02:00 UTC, owner
// `marketing-rfm`) scheduled when the tenant's first segment is seen, plus a one-shot `rfm:first`
// so a new tenant does not wait for the night. Customers' scores are derived from these cut-offs
// at evaluation, so they follow a new order at once.
import { Role, systemCaller } from '@crm/access-policy';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { computeRfmCutOffs, type OrderFigures } from '@crm/marketing-domain';
import type { CustomerAudience } from '@crm/marketing-read-models';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import type { MarketingApplication } from '../application/marketing.application';

export const RFM_TIMER_OWNER = 'marketing-rfm';
export const RFM_ACTOR = 'marketing.rfm';
/** Every night at 02:00 UTC. */
export const RFM_NIGHTLY = { cron: '0 2 * * *', timeZone: 'UTC' } as const;

export class RfmScoring {
  constructor(
    private readonly app: MarketingApplication,
    private readonly audience: Pick<CustomerAudience, 'orderFigures'>,
    private readonly runtime: RuntimeDependencies,
  ) {}

  /** Recomputes the tenant's cut-offs per currency; returns the currencies whose model moved. */
  async score(tenantId: string, correlationId: string): Promise<string[]> {
    const byCurrency = new Map<string, OrderFigures[]>();
    for (const orders of await this.audience.orderFigures(tenantId))
      for (const [currency, figures] of Object.entries(orders))
        byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), figures]);
    const now = this.runtime.now();
    const meta = {
      caller: systemCaller(RFM_ACTOR, tenantId, [Role.MARKETER]),
      tenantId,
      correlationId,
    };
    const moved: string[] = [];
    for (const [currency, customers] of [...byCurrency].sort(([a], [b]) => a.localeCompare(b))) {
      const cutOffs = computeRfmCutOffs(customers, now);
      if (!cutOffs) continue;
      const outcome = await this.app.rfmModel(meta, {
        type: 'SetRfmCutOffs',
        data: { currency, source: 'quintiles', ...cutOffs, now: now.toISOString() },
      });
      if (outcome.eventTypes.length > 0) moved.push(currency);
    }
    return moved;
  }

  /** The nightly timer and a first run now, for a tenant just seen (idempotent by timer key). */
  static async scheduleFor(timers: TimerScheduler, tenantId: string, now: Date): Promise<void> {
    const command = { type: 'ScoreRfm', data: {} };
    await timers.scheduleMany([
      { tenantId, key: 'rfm:nightly', command, schedule: RFM_NIGHTLY },
      { tenantId, key: 'rfm:first', command, schedule: { at: now } },
    ]);
  }

  async fire(firing: TimerFiring): Promise<void> {
    if (firing.command.type !== 'ScoreRfm')
      throw new Error(`unknown RFM timer command ${firing.command.type}`);
    await this.score(firing.tenantId, firing.timerId);
  }
}
