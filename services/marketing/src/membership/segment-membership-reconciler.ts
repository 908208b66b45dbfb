// Keeps segment membership live: at every interval, each segment's rule is run over the audience
// read model (ADR 0192) and the members it selects are handed to the SegmentMembership decider,
// which appends `SegmentMembershipChanged` for those who entered or left (nothing when nothing
// changed). A pass catches both kinds of change: the audience's (a profile, an order, a tier, a
// survey) and time's ("purchased in the last 30 days" ages without any event). Segments are found
// on the store's log (`marketing.SegmentDefined`), read from where the last pass stopped. Runs under
// the `marketing.membership` identity; a failing segment is logged and retried on the next pass.
import { Role, systemCaller } from '@crm/access-policy';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { CustomerAudience } from '@crm/marketing-read-models';
import type { Logger } from 'pino';
import type { MarketingApplication } from '../application/marketing.application';
import { compileSegment } from '../application/segment-selection';

export const MARKETING_MEMBERSHIP_ACTOR = 'marketing.membership';

interface KnownSegment {
  readonly tenantId: string;
  readonly segmentId: string;
}

export class SegmentMembershipReconciler {
  private position = 0;
  private readonly segments = new Map<string, KnownSegment>();
  private readonly tenants = new Set<string>();
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly app: MarketingApplication,
    private readonly audience: CustomerAudience,
    private readonly runtime: RuntimeDependencies,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    /** Called once per tenant this process sees a segment of (schedules the tenant's RFM timers). */
    private readonly onTenant: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass over every segment; returns how many membership changes it recorded. */
  async reconcileAll(): Promise<number> {
    await this.discoverSegments();
    let changes = 0;
    for (const segment of this.segments.values()) {
      try {
        changes += await this.reconcile(segment);
      } catch (error) {
        this.logger.error(
          { err: error, tenantId: segment.tenantId, segmentId: segment.segmentId },
          'segment membership reconciliation failed; retried on the next pass',
        );
      }
    }
    return changes;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.reconcileAll()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'membership pass failed'))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }

  private async discoverSegments(): Promise<void> {
    for await (const event of this.store.readAll({
      after: this.position,
      filter: { eventTypes: ['marketing.SegmentDefined'] },
    })) {
      const { segmentId } = event.data as { segmentId: string };
      this.segments.set(`${event.tenantId}|${segmentId}`, { tenantId: event.tenantId, segmentId });
      this.position = event.globalPosition;
    }
    for (const { tenantId } of this.segments.values()) {
      if (this.tenants.has(tenantId)) continue;
      await this.onTenant(tenantId);
      this.tenants.add(tenantId);
    }
  }

  private async reconcile({ tenantId, segmentId }: KnownSegment): Promise<number> {
    const meta = {
      caller: systemCaller(MARKETING_MEMBERSHIP_ACTOR, tenantId, [Role.MARKETER]),
      tenantId,
      correlationId: this.runtime.newId(),
    };
    const segment = await this.app.loadSegment(meta, segmentId);
    if (segment.status === 'None') return 0;
    const now = this.runtime.now();
    const filter = await compileSegment(this.audience, tenantId, segment.rule, now);
    const members = await this.audience.memberIds(tenantId, filter);
    const outcome = await this.app.membership(meta, {
      type: 'ReconcileMembership',
      data: { segmentId, members, now: now.toISOString() },
    });
    return outcome.eventTypes.length;
  }
}
