// Marketing projections: envelope in, read-model changes out. Counts are increments (the runtime
// guards each by its position); documents are keyed per tenant, since ids are chosen by clients.
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  projectCustomerTouch,
  projectJourneyFunnel,
  projectMarketingCampaign,
  projectMarketingSegment,
} from '.';

function envelope(type: string, data: object, streamVersion = 1, tenantId = 't1'): EventEnvelope {
  return {
    eventId: `e-${streamVersion}`,
    type,
    schemaVersion: 1,
    streamId: 'marketing.Campaign-c1',
    streamVersion,
    globalPosition: streamVersion,
    tenantId,
    occurredAt: '2026-03-01T09:00:00.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr',
    causationId: 'cause',
    data,
    hash: '',
    previousHash: null,
  };
}

describe('marketing projections', () => {
  it("show a send deferred by the tenant's policy on the campaign, and count a held journey send", () => {
    const until = '2026-03-01T10:00:00.000Z';
    expect(
      projectMarketingCampaign(
        envelope('marketing.CampaignSendingDeferred', {
          campaignId: 'c1',
          reason: 'HOURLY_CAP',
          until,
          deferredAt: '2026-03-01T09:00:00.000Z',
        }),
      ),
    ).toEqual({
      kind: 'upsert',
      model: 'marketing_campaigns',
      id: 't1|c1',
      set: {
        tenantId: 't1',
        campaignId: 'c1',
        version: 1,
        deferredReason: 'HOURLY_CAP',
        deferredUntil: until,
      },
      inc: { deferralCount: 1 },
    });
    const wait = (reason?: string) =>
      projectJourneyFunnel(
        envelope('marketing.JourneyWaitStarted', {
          journeyId: 'welcome',
          customerId: 'anna',
          enrolment: 1,
          version: 2,
          stepId: 'mail',
          until,
          ...(reason ? { reason } : {}),
          startedAt: '2026-03-01T09:00:00.000Z',
        }),
      );
    expect(wait('QUIET_HOURS')).toMatchObject({
      id: 't1|welcome|2',
      inc: { 'steps.mail.deferred': 1 },
    });
    // A wait step's own wait is no deferral.
    expect(wait()).toBeUndefined();
  });

  it('count a skipped recipient under its reason', () => {
    expect(
      projectMarketingCampaign(
        envelope('marketing.CampaignRecipientSkipped', {
          campaignId: 'c1',
          customerId: 'bob',
          reason: 'NO_CONSENT',
          detail: 'no consent',
          skippedAt: '2026-03-01T09:00:00.000Z',
        }),
      ),
    ).toEqual({
      kind: 'upsert',
      model: 'marketing_campaigns',
      id: 't1|c1',
      set: { tenantId: 't1', campaignId: 'c1', version: 1 },
      inc: { skippedCount: 1, 'skipped.NO_CONSENT': 1 },
    });
  });

  it("count a campaign mail's tracked opens and clicks on the campaign, not a journey's", () => {
    const engagement = (sourceKind: string, kind: string) =>
      projectMarketingCampaign(
        envelope('marketing.EngagementRecorded', {
          customerId: 'anna',
          sourceKind,
          sourceId: 'c1',
          engagement: kind,
          engagedAt: '2026-03-01T09:00:00.000Z',
        }),
      );
    expect(engagement('campaign', 'opened')).toEqual({
      kind: 'upsert',
      model: 'marketing_campaigns',
      id: 't1|c1',
      set: { tenantId: 't1', campaignId: 'c1' },
      inc: { openedCount: 1 },
    });
    expect(engagement('campaign', 'clicked')).toMatchObject({ inc: { clickedCount: 1 } });
    expect(engagement('journey', 'clicked')).toBeUndefined();
  });

  it("count a journey version's funnel: entered, each step and how, completed and converted", () => {
    const ref = { journeyId: 'win-back', customerId: 'anna', enrolment: 1, version: 2 };
    const funnel = (type: string, data: object) =>
      projectJourneyFunnel(envelope(type, { ...ref, ...data }));
    const at = '2026-03-01T09:00:00.000Z';
    expect(
      funnel('marketing.JourneyEntered', { entryKey: 'e', firstStepId: 'mail', enteredAt: at }),
    ).toEqual({
      kind: 'upsert',
      model: 'marketing_journey_funnels',
      id: 't1|win-back|2',
      set: { tenantId: 't1', journeyId: 'win-back', version: 2 },
      inc: { entered: 1 },
    });
    const step = { stepId: 'mail', nextStepId: 'check' };
    expect(
      funnel('marketing.JourneyMessageSent', {
        ...step,
        templateId: 't',
        messageId: 'm',
        sentAt: at,
      }),
    ).toMatchObject({ inc: { 'steps.mail.passed': 1, 'steps.mail.sent': 1 } });
    expect(
      funnel('marketing.JourneyBranchTaken', {
        ...step,
        stepId: 'check',
        conditionHeld: false,
        takenAt: at,
      }),
    ).toMatchObject({ inc: { 'steps.check.passed': 1, 'steps.check.conditionNotHeld': 1 } });
    expect(
      funnel('marketing.JourneyExited', { reason: 'goal', detail: 'ordered', exitedAt: at }),
    ).toMatchObject({ inc: { converted: 1 } });
    expect(
      funnel('marketing.JourneyExited', {
        reason: 'completed',
        detail: 'no step left',
        exitedAt: at,
      }),
    ).toMatchObject({ inc: { completed: 1 } });
  });

  it("keep every touch of a customer under its stream version (the customer 360's recent mails)", () => {
    const touch = {
      customerId: 'anna',
      touchId: 'e7',
      sourceKind: 'campaign',
      sourceId: 'c1',
      channel: 'email',
      touchedAt: '2026-03-01T09:00:00.000Z',
    };
    expect(projectCustomerTouch(envelope('marketing.TouchRecorded', touch, 3))).toEqual({
      kind: 'upsert',
      model: 'marketing_customer_touches',
      id: 't1|anna',
      set: {
        tenantId: 't1',
        customerId: 'anna',
        'touches.3': {
          sourceKind: 'campaign',
          sourceId: 'c1',
          channel: 'email',
          touchedAt: '2026-03-01T09:00:00.000Z',
        },
      },
    });
  });

  it('key the same segment id of two tenants apart, with the rule as JSON text', () => {
    const defined = (tenantId: string) =>
      projectMarketingSegment(
        envelope(
          'marketing.SegmentDefined',
          {
            segmentId: 'vip',
            name: 'VIP',
            rule: { field: 'tag', op: 'has', value: 'vip' },
            definedAt: '2026-03-01T09:00:00.000Z',
          },
          1,
          tenantId,
        ),
      );
    expect(defined('t1')).toMatchObject({
      id: 't1|vip',
      set: { ruleJson: '{"field":"tag","op":"has","value":"vip"}' },
    });
    expect(defined('t2')).toMatchObject({ id: 't2|vip' });
  });
});
