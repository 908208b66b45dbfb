// Test fixture: runs every journey and attribution decider command once, so the contracts test
// (infrastructure/marketing-contracts.unit.spec.ts) sees each of their event types stored and
// checks it against its published schema.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import {
  customerTouchesDecider,
  customerTouchesStreamId,
  journeyCatalogueDecider,
  journeyCatalogueStreamId,
  journeyParticipationDecider,
  journeyParticipationStreamId,
  marketingCostsDecider,
  marketingCostsStreamId,
  readyMadeJourney,
  type JourneyParticipationCommand,
} from '@crm/marketing-domain';

type Run = <S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
) => Promise<unknown>;

export async function exerciseJourneyDeciders(run: Run, now: string): Promise<void> {
  const { definition } = readyMadeJourney('win-back');
  await run(journeyCatalogueDecider, journeyCatalogueStreamId('t1'), {
    type: 'PublishJourney',
    data: { journeyId: 'win-back', name: 'We miss you', definition, now },
  });
  for (const type of ['PauseJourney', 'ResumeJourney'] as const)
    await run(journeyCatalogueDecider, journeyCatalogueStreamId('t1'), {
      type,
      data: { journeyId: 'win-back', now },
    });
  const ref = { journeyId: 'win-back', customerId: 'a', now };
  const participation = (command: JourneyParticipationCommand) =>
    run(journeyParticipationDecider, journeyParticipationStreamId('win-back', 'a'), command);
  const step = (stepId: string, nextStepId: string | null, outcome: object) =>
    participation({
      type: 'RecordJourneyStep',
      data: { ...ref, enrolment: 1, stepId, nextStepId, outcome } as Extract<
        JourneyParticipationCommand,
        { type: 'RecordJourneyStep' }
      >['data'],
    });
  await participation({
    type: 'EnterJourney',
    data: {
      ...ref,
      version: 1,
      firstStepId: 'win-back-mail',
      reEntry: definition.reEntry,
      entryKey: 'event:e1',
    },
  });
  await step('win-back-mail', 'give-it-time', {
    kind: 'sent',
    templateId: 'journey-win-back',
    messageId: '<m@marketing.crm>',
  });
  await participation({
    type: 'StartJourneyWait',
    data: { ...ref, enrolment: 1, stepId: 'give-it-time', until: now },
  });
  await step('give-it-time', 'bought-again', { kind: 'waitEnded' });
  await step('bought-again', 'reminder-mail', { kind: 'branch', conditionHeld: false });
  await step('reminder-mail', null, {
    kind: 'skipped',
    reason: 'NO_CONSENT',
    detail: 'no consent',
  });
  await participation({
    type: 'ExitJourney',
    data: { ...ref, enrolment: 1, reason: 'completed', detail: 'no step left' },
  });
  const touch = { sourceKind: 'journey', sourceId: 'win-back', channel: 'email' } as const;
  const { channel: _channel, ...source } = touch;
  await run(customerTouchesDecider, customerTouchesStreamId('a'), {
    type: 'RecordTouch',
    data: { ...touch, customerId: 'a', touchId: 'e2', touchedAt: now, now },
  });
  await run(customerTouchesDecider, customerTouchesStreamId('a'), {
    type: 'RecordEngagement',
    data: { ...source, customerId: 'a', engagement: 'clicked', url: 'https://shop.example', now },
  });
  await run(customerTouchesDecider, customerTouchesStreamId('a'), {
    type: 'RecordOrderForAttribution',
    data: { orderId: 'o1', customerId: 'a', amount: '10.00', currency: 'EUR', placedAt: now, now },
  });
  await run(customerTouchesDecider, customerTouchesStreamId('a'), {
    type: 'RecordOrderReversal',
    data: {
      orderId: 'o1',
      customerId: 'a',
      reversalId: 'r1',
      reversal: 'refund',
      reversedAt: now,
      refund: { amount: '4.00', currency: 'EUR' },
      now,
    },
  });
  await run(marketingCostsDecider, marketingCostsStreamId('journey', 'win-back'), {
    type: 'RecordMarketingCost',
    data: { ...touch, costId: 'k1', amount: '5.00', currency: 'EUR', note: 'design', now },
  });
}
