// Every event the Sales deciders produce, once encrypted as stored and published, satisfies its
// public contract (libs/contracts/src/sales): the store's schema check on append and the relay's
// contract gate would both let it through. The order events are the published v1 that customers
// and loyalty consume; the lead's contact is ciphertext.
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import {
  CommandHandler,
  DataKeyStore,
  InMemoryDataKeyRepository,
  InMemoryEventStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  loadMasterKeyRing,
  systemRuntime,
  type Decider,
  type DomainEvent,
} from '@crm/event-sourcing';
import {
  ASSIGNMENT_FAILURE_REASONS,
  LEAD_RELEASE_REASONS,
  ASSIGNMENT_STRATEGIES,
  FORECAST_CATEGORIES,
  LEAD_SOURCES,
  ORDER_CHANNELS,
  leadDecider,
  leadStreamId,
  opportunityDecider,
  opportunityStreamId,
  orderDecider,
  orderStreamId,
  activityDecider,
  activityStreamId,
  quoteDecider,
  quoteStreamId,
  ACTIVITY_KINDS,
  ACTIVITY_SUBJECT_KINDS,
  type QuoteCommand,
  type ActivityCommand,
  DEFAULT_LEAD_SCORING_MODEL,
  leadScoreDecider,
  leadScoreStreamId,
  leadScoringModelDecider,
  noteStreamId,
  quoteApprovalPolicyDecider,
  quoteApprovalPolicyStreamId,
  salesNoteDecider,
  leadScoringModelStreamId,
  scoreLead,
  forecastDecider,
  forecastStreamId,
  contractDecider,
  contractStreamId,
  type ContractCommand,
  quotaDecider,
  quotaStreamId,
  salesTeamDecider,
  salesTeamStreamId,
  inboundLeadDecider,
  inboundLeadStreamId,
} from '@crm/sales-domain';
import { salesEventTypes, salesPersonalDataPolicy } from './sales-event-store';

const NOW = '2026-03-01T09:00:00.000Z';
const LEAD = 'lead-1';
const OPP = 'opp-1';

describe('sales events and their contracts', () => {
  it('validate on append (store schema) and as published messages (contract validator)', async () => {
    const raw = new InMemoryEventStore({ eventTypes: salesEventTypes() });
    const keys = new DataKeyStore({
      repository: new InMemoryDataKeyRepository(),
      masterKeys: loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') }),
    });
    const store = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      salesPersonalDataPolicy(),
    );
    const run = <S, C, E extends DomainEvent>(
      decider: Decider<S, C, E>,
      streamId: string,
      command: C,
    ) =>
      new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
        tenantId: 't1',
        actor: { kind: 'user', userId: 'u1', roles: [] },
      });
    const lead = (command: Parameters<typeof leadDecider.decide>[0]) =>
      run(leadDecider, leadStreamId(LEAD), command);
    const opportunity = (command: Parameters<typeof opportunityDecider.decide>[0]) =>
      run(opportunityDecider, opportunityStreamId(OPP), command);
    const order = (id: string, command: Parameters<typeof orderDecider.decide>[0]) =>
      run(orderDecider, orderStreamId(id), command);

    await lead({
      type: 'CaptureLead',
      data: {
        leadId: LEAD,
        source: 'kafka',
        contact: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
        companyName: 'Analytical Engines',
        ownerId: null,
        teamId: 'team-a',
        now: NOW,
      },
    });
    await lead({
      type: 'FlagLeadDuplicate',
      data: { leadId: LEAD, duplicateOfLeadId: 'lead-0', now: NOW },
    });
    await lead({
      type: 'FlagLeadCustomerMatch',
      data: { leadId: LEAD, customerId: 'cust-1', matchedOn: 'phone', now: NOW },
    });
    await lead({
      type: 'RecordLeadAssignmentFailure',
      data: {
        leadId: LEAD,
        teamId: 'team-a',
        strategy: 'weighted',
        reason: 'all_at_capacity',
        now: NOW,
      },
    });
    await lead({
      type: 'AssignLead',
      data: { leadId: LEAD, ownerId: 'rep-1', teamId: 'team-a', strategy: 'round_robin', now: NOW },
    });
    await lead({ type: 'QualifyLead', data: { leadId: LEAD, note: 'fit', now: NOW } });
    await lead({
      type: 'ConvertLead',
      data: { leadId: LEAD, customerId: 'cust-1', opportunityId: OPP, now: NOW },
    });
    await run(leadDecider, leadStreamId('lead-2'), {
      type: 'CaptureLead',
      data: {
        leadId: 'lead-2',
        source: 'import',
        contact: { name: 'Nobody' },
        ownerId: null,
        teamId: null,
        now: NOW,
      },
    });
    await run(leadDecider, leadStreamId('lead-2'), {
      type: 'DisqualifyLead',
      data: { leadId: 'lead-2', reason: 'spam', now: NOW },
    });
    await run(leadDecider, leadStreamId('lead-2'), {
      type: 'EraseLead',
      data: { leadId: 'lead-2', reason: 'GDPR', now: NOW },
    });
    await opportunity({
      type: 'OpenOpportunity',
      data: {
        opportunityId: OPP,
        name: 'Deal',
        customerId: 'cust-1',
        leadId: LEAD,
        pipelineId: 'default',
        amountMinor: 100_00,
        currency: 'EUR',
        expectedCloseOn: '2026-04-30',
        ownerId: 'rep-1',
        teamId: 'team-a',
        now: NOW,
      },
    });
    await opportunity({
      type: 'MoveOpportunityStage',
      data: { opportunityId: OPP, stageId: 'proposal', now: NOW },
    });
    await opportunity({
      type: 'OverrideOpportunityProbability',
      data: { opportunityId: OPP, probability: 80, now: NOW },
    });
    await opportunity({
      type: 'SetOpportunityLines',
      data: {
        opportunityId: OPP,
        lines: [
          {
            sku: 'SEAT',
            name: 'Seat',
            category: 'subscriptions',
            quantity: 2,
            unitPriceMinor: 5_000,
            discountPercent: 10,
            recurring: true,
          },
        ],
        now: NOW,
      },
    });
    await opportunity({
      type: 'LoseOpportunity',
      data: { opportunityId: OPP, reason: 'price', now: NOW },
    });
    await opportunity({ type: 'ReopenOpportunity', data: { opportunityId: OPP, now: NOW } });
    await opportunity({ type: 'WinOpportunity', data: { opportunityId: OPP, now: NOW } });
    const place = (orderId: string, opportunityId?: string) =>
      order(orderId, {
        type: 'PlaceOrder',
        data: {
          orderId,
          customerId: 'cust-1',
          ...(opportunityId ? { opportunityId } : {}),
          lines: [
            { sku: 'S', name: 'Book', category: 'books', quantity: 2, unitPriceMinor: 999 },
            { category: 'misc', quantity: 1, unitPriceMinor: 0 },
          ],
          currency: 'EUR',
          channel: 'online_store',
          ownerId: null,
          teamId: null,
          now: NOW,
        },
      });
    await place('o-1', OPP);
    await place('o-2');
    await place('o-3');
    await order('o-3', {
      type: 'PayOrder',
      data: { orderId: 'o-3', paymentReference: 'PSP-1', now: NOW },
    });
    await order('o-3', {
      type: 'ShipOrder',
      data: { orderId: 'o-3', carrier: 'DHL', trackingNumber: 'JD1', now: NOW },
    });
    await order('o-3', { type: 'CompleteOrder', data: { orderId: 'o-3', now: NOW } });
    await order('o-1', {
      type: 'RefundOrder',
      data: { orderId: 'o-1', amountMinor: 998, reason: 'damaged', now: NOW },
    });
    await order('o-2', {
      type: 'CancelOrder',
      data: { orderId: 'o-2', reason: 'duplicate', now: NOW },
    });
    await order('o-1', {
      type: 'RefundOrder',
      data: { orderId: 'o-1', amountMinor: 1000, now: NOW },
    });
    await quoteAndActivityEvents(run);
    await run(leadScoreDecider, leadScoreStreamId(LEAD), {
      type: 'RecordLeadEngagement',
      data: { leadId: LEAD, kind: 'form_submitted', occurredAt: NOW, now: NOW },
    });
    const attributes = { source: 'kafka', company: 'yes', email: 'yes', phone: 'yes' };
    await run(leadScoreDecider, leadScoreStreamId(LEAD), {
      type: 'RecordLeadScore',
      data: {
        leadId: LEAD,
        result: scoreLead(
          DEFAULT_LEAD_SCORING_MODEL,
          attributes,
          [{ kind: 'form_submitted', at: NOW }],
          { pipelineId: 'default', outcomes: [{ attributes, won: true }] },
          NOW,
        ),
        now: NOW,
      },
    });
    const { version: _v, ...model } = DEFAULT_LEAD_SCORING_MODEL;
    await run(forecastDecider, forecastStreamId('f-1'), {
      type: 'SubmitForecast',
      data: {
        forecastId: 'f-1',
        period: '2026-Q2',
        ownerId: 'rep-1',
        teamId: null,
        currency: 'EUR',
        amountMinor: 100_00,
        note: 'two deals',
        now: NOW,
      },
    });
    await run(forecastDecider, forecastStreamId('f-1'), {
      type: 'AdjustForecast',
      data: {
        forecastId: 'f-1',
        currency: 'EUR',
        amountMinor: 90_00,
        note: 'one slips',
        adjustedBy: 'mgr-1',
        now: NOW,
      },
    });
    await run(leadScoringModelDecider, leadScoringModelStreamId('t1'), {
      type: 'DefineLeadScoringModel',
      data: { ...model, now: NOW },
    });
    await contractEvents(run);
    // ADRs 0382-0384: the tenant's approval policy, a lead's follow-up, an internal note.
    await run(quoteApprovalPolicyDecider, quoteApprovalPolicyStreamId('t1'), {
      type: 'DefineQuoteApprovalPolicy',
      data: {
        levels: [
          { approverRole: 'sales_manager', maxDiscountPercent: 15, maxAmountMinor: 50_000_00 },
          { approverRole: 'admin', maxDiscountPercent: 30, maxAmountMinor: 250_000_00 },
        ],
        now: NOW,
      },
    });
    const followUp = { leadId: 'lead-3', dueAt: '2026-03-31T09:00:00.000Z' };
    await run(leadDecider, leadStreamId('lead-3'), {
      type: 'CaptureLead',
      data: {
        leadId: 'lead-3',
        source: 'api',
        contact: { name: 'Nobody' },
        ownerId: 'rep-1',
        teamId: null,
        now: NOW,
      },
    });
    await run(leadDecider, leadStreamId('lead-3'), {
      type: 'ScheduleLeadFollowUp',
      data: { ...followUp, note: 'Call back', now: NOW },
    });
    await run(leadDecider, leadStreamId('lead-3'), {
      type: 'RemindLeadFollowUp',
      data: { ...followUp, now: followUp.dueAt },
    });
    await run(salesNoteDecider, noteStreamId('note-1'), {
      type: 'AddSalesNote',
      data: {
        noteId: 'note-1',
        about: { kind: 'opportunity', id: OPP },
        text: 'The CFO signs',
        dataSubjectId: 'cust-1',
        authorId: 'rep-1',
        ownerId: 'rep-1',
        teamId: null,
        now: NOW,
      },
    });
    await run(salesNoteDecider, noteStreamId('note-1'), {
      type: 'RemoveSalesNote',
      data: { noteId: 'note-1', now: NOW },
    });

    const validator = new ContractValidator(new ContractRegistry([salesContracts]));
    const stored = [];
    for await (const event of raw.readAll()) stored.push(event);
    expect([...new Set(stored.map((e) => e.type))].sort()).toEqual(
      salesContracts.events.map((c) => c.type).sort(),
    );
    for (const event of stored) validator.assertValid(event);
    expect(JSON.stringify(stored)).not.toContain('ada@example.com');
    expect(JSON.stringify(stored)).not.toContain('Ada Lovelace');
    expect(JSON.stringify(stored)).not.toContain('Grace Hopper');
  });

  it('name the same values as the domain (channels, sources, strategies, reasons, categories)', () => {
    const schemaOf = (type: string) =>
      salesContracts.events.find((c) => c.type === type)!.dataSchema as {
        properties: Record<string, { enum?: string[] }>;
      };
    expect(schemaOf('sales.OrderPlaced').properties['channel']!.enum).toEqual([...ORDER_CHANNELS]);
    expect(schemaOf('sales.LeadCaptured').properties['source']!.enum).toEqual([...LEAD_SOURCES]);
    const failed = schemaOf('sales.LeadAssignmentFailed').properties;
    expect(failed['strategy']!.enum).toEqual([...ASSIGNMENT_STRATEGIES]);
    expect(failed['reason']!.enum).toEqual([...ASSIGNMENT_FAILURE_REASONS]);
    expect(schemaOf('sales.LeadReleased').properties['reason']!.enum).toEqual([
      ...LEAD_RELEASE_REASONS,
    ]);
    expect(schemaOf('sales.OpportunityOpened').properties['forecastCategory']!.enum).toEqual([
      ...FORECAST_CATEGORIES,
    ]);
    const scheduled = schemaOf('sales.ActivityScheduled').properties as Record<
      string,
      { enum?: string[]; properties?: Record<string, { enum?: string[] }> }
    >;
    expect(scheduled['kind']!.enum).toEqual([...ACTIVITY_KINDS]);
    expect(scheduled['about']!.properties!['kind']!.enum).toEqual([...ACTIVITY_SUBJECT_KINDS]);
  });
});

type Run = <S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
) => Promise<unknown>;

/** Every quote and activity event once: approvals, versions, decisions, timers' events. */
async function quoteAndActivityEvents(run: Run): Promise<void> {
  const UNTIL = '2026-03-31T09:00:00.000Z';
  const AFTER = '2026-04-01T09:00:00.000Z';
  const quote = (id: string, data: Record<string, unknown>, type: QuoteCommand['type']) =>
    run(quoteDecider, quoteStreamId(id), {
      type,
      data: { quoteId: id, now: NOW, ...data },
    } as QuoteCommand);
  const lines = [
    {
      sku: 'S',
      name: 'Engine',
      category: 'engines',
      quantity: 2,
      unitPriceMinor: 999,
      discountPercent: 30,
    },
  ];
  for (const id of ['q-1', 'q-2', 'q-3']) {
    await quote(
      id,
      {
        opportunityId: OPP,
        customerId: 'cust-1',
        currency: 'EUR',
        ownerId: 'rep-1',
        teamId: null,
        lines: id === 'q-1' ? lines : [{ ...lines[0], discountPercent: 0 }],
        validUntil: UNTIL,
      },
      'CreateQuote',
    );
  }
  await quote(
    'q-1',
    { version: 1, approverId: 'mgr-1', approverRoles: ['sales_manager'] },
    'ApproveQuote',
  );
  await quote('q-1', { lines, validUntil: UNTIL }, 'ReviseQuote');
  await quote(
    'q-1',
    { version: 2, approverId: 'mgr-1', approverRoles: ['sales_manager'] },
    'ApproveQuote',
  );
  await quote('q-1', {}, 'SendQuote');
  await quote('q-1', { daysBefore: 7 }, 'RemindQuoteExpiry');
  await quote('q-1', { version: 2 }, 'AcceptQuote');
  await quote('q-2', { reason: 'price' }, 'RejectQuote');
  await quote('q-3', {}, 'SendQuote');
  await quote('q-3', { now: AFTER }, 'ExpireQuote');

  const activity = (id: string, command: ActivityCommand) =>
    run(activityDecider, activityStreamId(id), command);
  for (const id of ['a-1', 'a-2']) {
    await activity(id, {
      type: 'ScheduleActivity',
      data: {
        activityId: id,
        kind: 'meeting',
        subject: 'Demo',
        about: { kind: 'opportunity', id: OPP },
        dueAt: UNTIL,
        remindAt: NOW,
        ownerId: 'rep-1',
        teamId: 'team-a',
        now: NOW,
      },
    });
  }
  await activity('a-1', {
    type: 'RemindActivity',
    data: { activityId: 'a-1', remindAt: NOW, now: NOW },
  });
  await activity('a-1', {
    type: 'RescheduleActivity',
    data: { activityId: 'a-1', dueAt: AFTER, now: NOW },
  });
  await activity('a-1', {
    type: 'CompleteActivity',
    data: { activityId: 'a-1', outcome: 'ok', now: NOW },
  });
  await activity('a-2', { type: 'CancelActivity', data: { activityId: 'a-2', now: NOW } });
}

async function contractEvents(run: Run): Promise<void> {
  const END = '2027-03-01T09:00:00.000Z';
  const commands: [string, ContractCommand][] = [
    [
      'c-1',
      {
        type: 'StartContract',
        data: {
          contractId: 'c-1',
          quoteId: 'q-1',
          opportunityId: OPP,
          customerId: 'cust-1',
          currency: 'EUR',
          amountMinor: 120_00,
          ownerId: 'rep-1',
          teamId: null,
          startsAt: NOW,
          endsAt: END,
          renewalNoticeDays: 30,
          now: NOW,
        },
      },
    ],
    [
      'c-1',
      {
        type: 'MarkContractRenewalDue',
        data: { contractId: 'c-1', endsAt: END, renewalOpportunityId: 'opp-r', now: NOW },
      },
    ],
    [
      'c-1',
      {
        type: 'RenewContract',
        data: { contractId: 'c-1', endsAt: '2028-03-01T09:00:00.000Z', now: NOW },
      },
    ],
    [
      'c-1',
      {
        type: 'ExpireContract',
        data: {
          contractId: 'c-1',
          endsAt: '2028-03-01T09:00:00.000Z',
          now: '2028-03-01T09:00:00.000Z',
        },
      },
    ],
  ];
  for (const [id, command] of commands) await run(contractDecider, contractStreamId(id), command);
  await run(salesTeamDecider, salesTeamStreamId('team-a'), {
    type: 'DefineSalesTeam',
    data: {
      teamId: 'team-a',
      strategy: 'rules',
      reps: [{ repId: 'rep-1', capacity: 10, absent: false, optedOut: false }],
      rules: [{ field: 'country', equals: 'GB', repIds: ['rep-1'] }],
      definedBy: 'mgr-1',
      now: NOW,
    },
  });
  for (const leadId of ['lead-r1', 'lead-r2']) {
    await run(salesTeamDecider, salesTeamStreamId('team-a'), {
      type: 'RouteLead',
      data: {
        teamId: 'team-a',
        leadId,
        fields: { country: leadId === 'lead-r1' ? 'GB' : 'FR' },
        now: NOW,
      },
    });
  }
  // ADR 0443: the routed lead closes and leaves its rep's load.
  await run(salesTeamDecider, salesTeamStreamId('team-a'), {
    type: 'ReleaseLead',
    data: { teamId: 'team-a', leadId: 'lead-r1', reason: 'converted', now: NOW },
  });
  await run(inboundLeadDecider, inboundLeadStreamId('lead-in'), {
    type: 'ReceiveInboundLead',
    data: {
      messageId: 'm-1',
      leadId: 'lead-in',
      topic: 'crm.sales.inbound-leads',
      partition: 0,
      offset: '7',
      payload: '{"messageId":"m-1","contact":{"name":"Grace Hopper"}}',
      now: NOW,
    },
  });
  await run(quotaDecider, quotaStreamId('quota-1'), {
    type: 'SetQuota',
    data: {
      quotaId: 'quota-1',
      period: '2026-Q2',
      ownerId: 'rep-1',
      teamId: null,
      currency: 'EUR',
      amountMinor: 4_000_00,
      setBy: 'mgr-1',
      now: NOW,
    },
  });
  const start = commands[0]![1] as Extract<ContractCommand, { type: 'StartContract' }>;
  await run(contractDecider, contractStreamId('c-2'), {
    ...start,
    data: { ...start.data, contractId: 'c-2' },
  });
  await run(contractDecider, contractStreamId('c-2'), {
    type: 'TerminateContract',
    data: { contractId: 'c-2', reason: 'Closed the site', now: NOW },
  });
}
