// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  InvalidTransitionError,
  NotTheApproverError,
  QuoteExpiredError,
  QuoteNeedsApprovalError,
  QuoteSupersededError,
  QuoteWithoutLinesError,
  RecordAlreadyExistsError,
} from '../errors';
import type { CreateQuote, QuoteCommand } from './quote.commands';
import { quoteDecider } from './quote.decider';
import type { QuoteEvent } from './quote.events';
import { approvalReasons, quoteAmountMinor, type QuoteLine } from './quote.types';

const Q = 'quote-1';
const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';
const UNTIL = '2026-03-31T22:00:00.000Z';
const AFTER = '2026-04-01T00:00:00.000Z';
const spec = deciderSpec(quoteDecider);

const engines: QuoteLine = {
  sku: 'ENG-1',
  name: 'Engine',
  category: 'engines',
  quantity: 3,
  unitPriceMinor: 10_000,
  discountPercent: 10,
};
const create = (lines: readonly QuoteLine[] = [engines]): CreateQuote => ({
  type: 'CreateQuote',
  data: {
    quoteId: Q,
    opportunityId: 'opp-1',
    customerId: 'cust-1',
    currency: 'EUR',
    ownerId: 'rep-1',
    teamId: 'team-a',
    lines,
    validUntil: UNTIL,
    now: T0,
  },
});
const created: QuoteEvent = {
  type: 'sales.QuoteCreated',
  data: {
    quoteId: Q,
    version: 1,
    lines: [
      {
        sku: 'ENG-1',
        name: 'Engine',
        category: 'engines',
        quantity: 3,
        unitPrice: '100.00',
        discountPercent: 10,
        netAmount: '270.00',
      },
    ],
    amount: '270.00',
    validUntil: UNTIL,
    approvalReasons: [],
    approvalSteps: [],
    approvalPolicyVersion: 0,
    opportunityId: 'opp-1',
    customerId: 'cust-1',
    currency: 'EUR',
    ownerId: 'rep-1',
    teamId: 'team-a',
    createdAt: T0,
  },
};
const deepDiscount: QuoteLine = { ...engines, discountPercent: 35 };
const revise = (lines: readonly QuoteLine[]): QuoteCommand => ({
  type: 'ReviseQuote',
  data: { quoteId: Q, lines, validUntil: UNTIL, now: T1 },
});
const revisedToDeepDiscount: QuoteEvent = {
  type: 'sales.QuoteRevised',
  data: {
    quoteId: Q,
    version: 2,
    lines: [{ ...created.data.lines[0]!, discountPercent: 35, netAmount: '195.00' }],
    amount: '195.00',
    validUntil: UNTIL,
    approvalReasons: ['discount'],
    approvalSteps: [{ approverRole: 'sales_manager', reasons: ['discount'] }],
    approvalPolicyVersion: 0,
    revisedAt: T1,
  },
};
const approve = (version: number): QuoteCommand => ({
  type: 'ApproveQuote',
  data: { quoteId: Q, version, approverId: 'manager-1', approverRoles: ['sales_manager'], now: T1 },
});
const approved = (version: number): QuoteEvent => ({
  type: 'sales.QuoteApproved',
  data: {
    quoteId: Q,
    version,
    approverId: 'manager-1',
    step: 1,
    approverRole: 'sales_manager',
    nextApproverRole: null,
    approvedAt: T1,
  },
});
const send = (now = T1): QuoteCommand => ({ type: 'SendQuote', data: { quoteId: Q, now } });
const sent = (version: number): QuoteEvent => ({
  type: 'sales.QuoteSent',
  data: { quoteId: Q, version, sentAt: T1 },
});
const accept = (version: number, now = T1): QuoteCommand => ({
  type: 'AcceptQuote',
  data: { quoteId: Q, version, now },
});

describe('Quote', () => {
  it('is created from lines: net amount after discounts, no approval within the policy', () => {
    spec.given([]).when(create()).then([created]);
    spec.given([created]).when(create()).thenThrows(RecordAlreadyExistsError);
    // No lines given and none on the deal (ADR 0442): nothing to quote.
    spec.given([]).when(create([])).thenThrows(QuoteWithoutLinesError);
  });

  it('routes a discount over 20 % or an amount over 100,000.00 to approval', () => {
    expect(approvalReasons([deepDiscount])).toEqual(['discount']);
    const big: QuoteLine = {
      ...engines,
      quantity: 2,
      unitPriceMinor: 6_000_000,
      discountPercent: 0,
    };
    expect(approvalReasons([big])).toEqual(['amount']);
    expect(approvalReasons([{ ...big, quantity: 3, discountPercent: 21 }])).toEqual([
      'discount',
      'amount',
    ]);
    // 20 % is the limit itself: no approval; rounding per unit keeps the sum exact.
    expect(approvalReasons([{ ...engines, discountPercent: 20 }])).toEqual([]);
    expect(
      quoteAmountMinor([{ ...engines, quantity: 3, unitPriceMinor: 999, discountPercent: 15 }]),
    ).toBe(3 * 849);
  });

  it('is sent only once the version that needs approval is approved', () => {
    spec.given([created, revisedToDeepDiscount]).when(send()).thenThrows(QuoteNeedsApprovalError);
    spec
      .given([created, revisedToDeepDiscount])
      .when(approve(2))
      .then([approved(2)]);
    spec
      .given([created, revisedToDeepDiscount, approved(2)])
      .when(send())
      .then([sent(2)]);
    spec
      .given([created])
      .when(send())
      .then([sent(1)]);
  });

  it('binds an approval to the version it saw: an edit after approval needs approval again', () => {
    const revisedAgain: QuoteEvent = {
      ...revisedToDeepDiscount,
      data: { ...revisedToDeepDiscount.data, version: 3 },
    };
    spec
      .given([created, revisedToDeepDiscount, approved(2), revisedAgain])
      .when(send())
      .thenThrows(QuoteNeedsApprovalError);
    spec
      .given([created, revisedToDeepDiscount, approved(2), revisedAgain])
      .when(approve(2))
      .thenThrows(QuoteSupersededError);
  });

  it('accepts the version sent, before validUntil, once; refuses a superseded or expired one', () => {
    const accepted: QuoteEvent = {
      type: 'sales.QuoteAccepted',
      data: {
        quoteId: Q,
        opportunityId: 'opp-1',
        customerId: 'cust-1',
        version: 1,
        amount: '270.00',
        currency: 'EUR',
        acceptedAt: T1,
      },
    };
    spec
      .given([created, sent(1)])
      .when(accept(1))
      .then([accepted]);
    spec
      .given([created, sent(1), accepted])
      .when(accept(1))
      .thenNothingHappened();
    spec
      .given([created, sent(1)])
      .when(accept(2))
      .thenThrows(QuoteSupersededError);
    spec
      .given([created, sent(1)])
      .when(accept(1, AFTER))
      .thenThrows(QuoteExpiredError);
    spec.given([created]).when(accept(1)).thenThrows(InvalidTransitionError);
  });

  it('expires at validUntil through its timer, unless decided; a late timer decides nothing', () => {
    const expire = (now: string): QuoteCommand => ({
      type: 'ExpireQuote',
      data: { quoteId: Q, now },
    });
    const expired: QuoteEvent = {
      type: 'sales.QuoteExpired',
      data: { quoteId: Q, version: 1, expiredAt: AFTER },
    };
    spec
      .given([created, sent(1)])
      .when(expire(AFTER))
      .then([expired]);
    spec
      .given([created, sent(1)])
      .when(expire(T1))
      .thenNothingHappened();
    spec
      .given([created, sent(1), expired])
      .when(accept(1, T1))
      .thenThrows(QuoteExpiredError);
    spec
      .given([
        created,
        sent(1),
        {
          type: 'sales.QuoteRejected',
          data: { quoteId: Q, version: 1, reason: 'price', rejectedAt: T1 },
        },
      ])
      .when(expire(AFTER))
      .thenNothingHappened();
  });

  it('reminds 7 and 1 days before validUntil while it waits for the customer', () => {
    const remind = (daysBefore: number, now: string): QuoteCommand => ({
      type: 'RemindQuoteExpiry',
      data: { quoteId: Q, daysBefore, now },
    });
    spec
      .given([created, sent(1)])
      .when(remind(7, '2026-03-24T22:00:00.000Z'))
      .then([
        {
          type: 'sales.QuoteExpiryReminderDue',
          data: {
            quoteId: Q,
            version: 1,
            daysBefore: 7,
            validUntil: UNTIL,
            remindedAt: '2026-03-24T22:00:00.000Z',
          },
        },
      ]);
    spec.given([created]).when(remind(1, T1)).thenNothingHappened();
  });

  it('is rejected with a reason; a decided quote cannot be revised', () => {
    const rejected: QuoteEvent = {
      type: 'sales.QuoteRejected',
      data: { quoteId: Q, version: 1, reason: 'too expensive', rejectedAt: T1 },
    };
    spec
      .given([created, sent(1)])
      .when({ type: 'RejectQuote', data: { quoteId: Q, reason: 'too expensive', now: T1 } })
      .then([rejected]);
    spec
      .given([created, sent(1), rejected])
      .when(revise([engines]))
      .thenThrows(InvalidTransitionError);
  });
});

describe('Quote approval policy per tenant (ADR 0382)', () => {
  // A manager above 15 % or 500.00, then an admin above 30 % or 2,000.00.
  const policy = {
    version: 3,
    levels: [
      { approverRole: 'sales_manager' as const, maxDiscountPercent: 15, maxAmountMinor: 50_000 },
      { approverRole: 'admin' as const, maxDiscountPercent: 30, maxAmountMinor: 200_000 },
    ],
  };
  const createUnder = (lines: readonly QuoteLine[]): QuoteCommand => {
    const base = create(lines);
    return { type: 'CreateQuote', data: { ...base.data, approvalPolicy: policy } };
  };
  const versionOf = (events: readonly QuoteEvent[]) =>
    events.reduce(quoteDecider.evolve, quoteDecider.initialState);
  const approveAs = (approverId: string, role: 'sales_manager' | 'admin'): QuoteCommand => ({
    type: 'ApproveQuote',
    data: { quoteId: Q, version: 1, approverId, approverRoles: [role], now: T1 },
  });

  it('routes a quote through the levels it exceeds, in order, naming the policy version', () => {
    const [within] = quoteDecider.decide(createUnder([engines]), quoteDecider.initialState);
    expect(within?.data).toMatchObject({ approvalSteps: [], approvalPolicyVersion: 3 });
    const [deep] = quoteDecider.decide(
      createUnder([{ ...engines, discountPercent: 35 }]),
      quoteDecider.initialState,
    );
    expect(deep?.data).toMatchObject({
      approvalReasons: ['discount'],
      approvalSteps: [
        { approverRole: 'sales_manager', reasons: ['discount'] },
        { approverRole: 'admin', reasons: ['discount'] },
      ],
    });
    // 20 %: the default policy would not ask; this tenant's manager must.
    const [manager] = quoteDecider.decide(
      createUnder([{ ...engines, discountPercent: 20 }]),
      quoteDecider.initialState,
    );
    expect(manager?.data).toMatchObject({
      approvalSteps: [{ approverRole: 'sales_manager', reasons: ['discount'] }],
    });
  });

  it('takes the approvals in order: the admin after the manager, and the quote is sent only then', () => {
    const [deep] = quoteDecider.decide(
      createUnder([{ ...engines, discountPercent: 35 }]),
      quoteDecider.initialState,
    );
    const history = [deep!];
    // The admin step is not the manager's to give, and the manager's comes first.
    spec.given(history).when(send()).thenThrows(QuoteNeedsApprovalError);
    const [first] = quoteDecider.decide(
      approveAs('manager-1', 'sales_manager'),
      versionOf(history),
    );
    expect(first?.data).toMatchObject({
      step: 1,
      approverRole: 'sales_manager',
      nextApproverRole: 'admin',
    });
    history.push(first!);
    spec.given(history).when(send()).thenThrows(QuoteNeedsApprovalError);
    spec
      .given(history)
      .when(approveAs('manager-2', 'sales_manager'))
      .thenThrows(NotTheApproverError);
    // The same person cannot give both approvals: their first one stands, nothing new.
    spec.given(history).when(approveAs('manager-1', 'admin')).thenNothingHappened();
    const [second] = quoteDecider.decide(approveAs('admin-1', 'admin'), versionOf(history));
    expect(second?.data).toMatchObject({ step: 2, approverRole: 'admin', nextApproverRole: null });
    history.push(second!);
    expect(quoteDecider.decide(send(), versionOf(history)).map((e) => e.type)).toEqual([
      'sales.QuoteSent',
    ]);
  });

  it('reads an older approval event as the approval of the only step', () => {
    const legacyApproved: QuoteEvent = {
      type: 'sales.QuoteApproved',
      data: { quoteId: Q, version: 2, approverId: 'manager-1', approvedAt: T1 },
    };
    const legacy: QuoteEvent = {
      type: 'sales.QuoteRevised',
      data: {
        quoteId: Q,
        version: 2,
        lines: [{ ...created.data.lines[0]!, discountPercent: 35, netAmount: '195.00' }],
        amount: '195.00',
        validUntil: UNTIL,
        approvalReasons: ['discount'],
        revisedAt: T1,
      },
    };
    spec
      .given([created, legacy, legacyApproved])
      .when(send())
      .then([sent(2)]);
  });
});
