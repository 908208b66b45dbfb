// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  InvalidTransitionError,
  QuoteExpiredError,
  QuoteNeedsApprovalError,
  QuoteSupersededError,
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
    revisedAt: T1,
  },
};
const approve = (version: number): QuoteCommand => ({
  type: 'ApproveQuote',
  data: { quoteId: Q, version, approverId: 'manager-1', now: T1 },
});
const approved = (version: number): QuoteEvent => ({
  type: 'sales.QuoteApproved',
  data: { quoteId: Q, version, approverId: 'manager-1', approvedAt: T1 },
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
