// The Quote aggregate: versions built from an opportunity's lines; a version over the approval
// policy is sent only once approved, and an approval counts for the version it saw, so revising an
// approved quote needs approval again. Sent quotes are accepted (the application then places the
// order) or rejected; at validUntil the expiry timer expires what is still undecided, and a
// reminder timer records a reminder a week and a day before. Expiry and reminders that arrive
// after the quote was decided or extended decide nothing.
import type { Decider } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  QuoteExpiredError,
  QuoteNeedsApprovalError,
  QuoteSupersededError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
} from '../errors';
import { formatMinorUnits, parseMinorUnits } from '../values/money';
import type { QuoteCommand } from './quote.commands';
import type { QuoteEvent, QuoteLineData } from './quote.events';
import { initialQuoteState, type QuoteFacts, type QuoteState } from './quote.state';
import {
  approvalReasons,
  netUnitPriceMinor,
  quoteAmountMinor,
  QUOTE_REMINDER_DAYS,
  type QuoteLine,
  type QuoteValidityDay,
} from './quote.types';

type Existing = Exclude<QuoteState, { status: 'None' }>;

function existing(state: QuoteState, quoteId: string): Existing {
  if (state.status === 'None') throw new RecordNotFoundError('quote', quoteId);
  return state;
}

const isOver = (quote: QuoteFacts, now: string): boolean =>
  Date.parse(now) >= Date.parse(quote.validUntil);

function versionData(
  quoteId: string,
  version: number,
  lines: readonly QuoteLine[],
  validUntil: string,
  validityDay: QuoteValidityDay | undefined,
) {
  return {
    quoteId,
    version,
    lines: lines.map(({ unitPriceMinor, ...line }): QuoteLineData => ({
      ...line,
      unitPrice: formatMinorUnits(unitPriceMinor),
      netAmount: formatMinorUnits(line.quantity * netUnitPriceMinor({ ...line, unitPriceMinor })),
    })),
    amount: formatMinorUnits(quoteAmountMinor(lines)),
    validUntil,
    ...validityDay,
    approvalReasons: approvalReasons(lines),
  };
}

function assertVersion(quote: Existing, version: number): void {
  if (version !== quote.version) {
    throw new QuoteSupersededError(quote.quoteId, version, quote.version);
  }
}

function decide(command: QuoteCommand, state: QuoteState): readonly QuoteEvent[] {
  switch (command.type) {
    case 'CreateQuote': {
      const { quoteId, lines, validUntil, validityDay, now, ...deal } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('quote', quoteId);
      return [
        {
          type: 'sales.QuoteCreated',
          data: {
            ...versionData(quoteId, 1, lines, validUntil, validityDay),
            opportunityId: deal.opportunityId,
            customerId: deal.customerId,
            currency: deal.currency,
            ownerId: deal.ownerId,
            teamId: deal.teamId,
            createdAt: now,
          },
        },
      ];
    }
    case 'ReviseQuote': {
      const { quoteId, lines, validUntil, validityDay, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status !== 'Draft' && quote.status !== 'Sent') {
        throw new InvalidTransitionError('quote', quote.status, 'revised');
      }
      return [
        {
          type: 'sales.QuoteRevised',
          data: {
            ...versionData(quoteId, quote.version + 1, lines, validUntil, validityDay),
            revisedAt: now,
          },
        },
      ];
    }
    case 'ApproveQuote': {
      const { quoteId, version, approverId, now } = command.data;
      const quote = existing(state, quoteId);
      assertVersion(quote, version);
      if (quote.approvedVersion === version) return [];
      if (quote.status !== 'Draft')
        throw new InvalidTransitionError('quote', quote.status, 'approved');
      return [
        { type: 'sales.QuoteApproved', data: { quoteId, version, approverId, approvedAt: now } },
      ];
    }
    case 'SendQuote': {
      const { quoteId, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status === 'Sent') return [];
      if (quote.status !== 'Draft') throw new InvalidTransitionError('quote', quote.status, 'sent');
      if (quote.needsApproval && quote.approvedVersion !== quote.version) {
        throw new QuoteNeedsApprovalError(quoteId, quote.version);
      }
      if (isOver(quote, now)) throw new QuoteExpiredError(quoteId, quote.validUntil);
      return [{ type: 'sales.QuoteSent', data: { quoteId, version: quote.version, sentAt: now } }];
    }
    case 'AcceptQuote': {
      const { quoteId, version, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status === 'Expired') throw new QuoteExpiredError(quoteId, quote.validUntil);
      assertVersion(quote, version);
      if (quote.status === 'Accepted') return [];
      if (quote.status !== 'Sent')
        throw new InvalidTransitionError('quote', quote.status, 'accepted');
      if (isOver(quote, now)) throw new QuoteExpiredError(quoteId, quote.validUntil);
      return [
        {
          type: 'sales.QuoteAccepted',
          data: {
            quoteId,
            opportunityId: quote.opportunityId,
            customerId: quote.customerId,
            version,
            amount: formatMinorUnits(quote.amountMinor),
            currency: quote.currency,
            acceptedAt: now,
          },
        },
      ];
    }
    case 'RejectQuote': {
      const { quoteId, reason, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status === 'Rejected') return [];
      if (quote.status !== 'Draft' && quote.status !== 'Sent') {
        throw new InvalidTransitionError('quote', quote.status, 'rejected');
      }
      return [
        {
          type: 'sales.QuoteRejected',
          data: { quoteId, version: quote.version, reason, rejectedAt: now },
        },
      ];
    }
    case 'ExpireQuote': {
      const { quoteId, now } = command.data;
      const quote = existing(state, quoteId);
      if ((quote.status !== 'Draft' && quote.status !== 'Sent') || !isOver(quote, now)) return [];
      return [
        { type: 'sales.QuoteExpired', data: { quoteId, version: quote.version, expiredAt: now } },
      ];
    }
    case 'RemindQuoteExpiry': {
      const { quoteId, daysBefore, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status !== 'Sent' || isOver(quote, now)) return [];
      if (!(QUOTE_REMINDER_DAYS as readonly number[]).includes(daysBefore)) return [];
      return [
        {
          type: 'sales.QuoteExpiryReminderDue',
          data: {
            quoteId,
            version: quote.version,
            daysBefore,
            validUntil: quote.validUntil,
            remindedAt: now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown quote command ${JSON.stringify(unknown)}`);
    }
  }
}

function linesOf(lines: readonly QuoteLineData[]): QuoteLine[] {
  // Written by formatMinorUnits, so every price parses.
  return lines.map(({ unitPrice, netAmount: _net, ...line }) => ({
    ...line,
    unitPriceMinor: parseMinorUnits(unitPrice) ?? 0,
  }));
}

function evolve(state: QuoteState, event: QuoteEvent): QuoteState {
  if (event.type === 'sales.QuoteCreated') {
    const d = event.data;
    return {
      status: 'Draft',
      quoteId: d.quoteId,
      opportunityId: d.opportunityId,
      customerId: d.customerId,
      currency: d.currency,
      ownerId: d.ownerId,
      teamId: d.teamId,
      version: d.version,
      lines: linesOf(d.lines),
      amountMinor: parseMinorUnits(d.amount) ?? 0,
      validUntil: d.validUntil,
      needsApproval: d.approvalReasons.length > 0,
      approvedVersion: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'sales.QuoteRevised': {
      const d = event.data;
      return {
        ...state,
        status: 'Draft',
        version: d.version,
        lines: linesOf(d.lines),
        amountMinor: parseMinorUnits(d.amount) ?? 0,
        validUntil: d.validUntil,
        needsApproval: d.approvalReasons.length > 0,
      };
    }
    case 'sales.QuoteApproved':
      return { ...state, approvedVersion: event.data.version };
    case 'sales.QuoteSent':
      return { ...state, status: 'Sent' };
    case 'sales.QuoteAccepted':
      return { ...state, status: 'Accepted' };
    case 'sales.QuoteRejected':
      return { ...state, status: 'Rejected' };
    case 'sales.QuoteExpired':
      return { ...state, status: 'Expired' };
    case 'sales.QuoteExpiryReminderDue':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown quote event ${JSON.stringify(unknown)}`);
    }
  }
}

export const quoteDecider: Decider<QuoteState, QuoteCommand, QuoteEvent> = {
  decide,
  evolve,
  initialState: initialQuoteState,
};
