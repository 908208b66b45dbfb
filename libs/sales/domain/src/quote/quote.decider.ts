// The Quote aggregate: versions built from an opportunity's lines; a version over the approval
// policy is sent only once approved, and an approval counts for the version it saw, so revising an
// approved quote needs approval again. Sent quotes are accepted (the application then places the
// order) or rejected; at validUntil the expiry timer expires what is still undecided, and a
// reminder timer records a reminder a week and a day before. Expiry and reminders that arrive
// after the quote was decided or extended decide nothing.
import type { Decider } from '@crm/event-sourcing';
import {
  InvalidTransitionError,
  NotTheApproverError,
  QuoteExpiredError,
  QuoteNeedsApprovalError,
  QuoteSupersededError,
  QuoteWithoutLinesError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
} from '../errors';
import { formatMinorUnits, parseMinorUnits } from '../values/money';
import type { QuoteCommand } from './quote.commands';
import type { QuoteEvent, QuoteLineData } from './quote.events';
import { initialQuoteState, type QuoteFacts, type QuoteState } from './quote.state';
import {
  approvalRoute,
  DEFAULT_TENANT_QUOTE_APPROVAL_POLICY,
  netUnitPriceMinor,
  quoteAmountMinor,
  QUOTE_REMINDER_DAYS,
  type ApprovalReason,
  type ApprovalStep,
  type QuoteLine,
  type QuoteValidityDay,
  type TenantQuoteApprovalPolicy,
} from './quote.types';

const QUOTE_APPROVAL_REASONS: readonly ApprovalReason[] = ['discount', 'amount'];

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
  policy: TenantQuoteApprovalPolicy = DEFAULT_TENANT_QUOTE_APPROVAL_POLICY,
) {
  const approvalSteps = approvalRoute(lines, policy);
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
    approvalReasons: QUOTE_APPROVAL_REASONS.filter((reason) =>
      approvalSteps.some((step) => step.reasons.includes(reason)),
    ),
    approvalSteps,
    approvalPolicyVersion: policy.version,
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
      const { quoteId, lines, validUntil, validityDay, approvalPolicy, now, ...deal } =
        command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('quote', quoteId);
      if (lines.length === 0) throw new QuoteWithoutLinesError(quoteId, deal.opportunityId);
      return [
        {
          type: 'sales.QuoteCreated',
          data: {
            ...versionData(quoteId, 1, lines, validUntil, validityDay, approvalPolicy),
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
      const { quoteId, lines, validUntil, validityDay, approvalPolicy, now } = command.data;
      const quote = existing(state, quoteId);
      if (quote.status !== 'Draft' && quote.status !== 'Sent') {
        throw new InvalidTransitionError('quote', quote.status, 'revised');
      }
      return [
        {
          type: 'sales.QuoteRevised',
          data: {
            ...versionData(
              quoteId,
              quote.version + 1,
              lines,
              validUntil,
              validityDay,
              approvalPolicy,
            ),
            revisedAt: now,
          },
        },
      ];
    }
    case 'ApproveQuote': {
      const { quoteId, version, approverId, approverRoles, now } = command.data;
      const quote = existing(state, quoteId);
      assertVersion(quote, version);
      // Fully approved, or this approver already approved a step of it: their approval stands.
      if (quote.approvedVersion === version || quote.approverIds.includes(approverId)) return [];
      if (quote.status !== 'Draft')
        throw new InvalidTransitionError('quote', quote.status, 'approved');
      const step = quote.approverIds.length;
      const next = quote.approvalSteps[step];
      if (next === undefined) return []; // nothing to approve
      // Each step in order, by its role; an admin may approve a manager's step.
      if (!approverRoles.includes(next.approverRole) && !approverRoles.includes('admin'))
        throw new NotTheApproverError(quoteId, next.approverRole);
      return [
        {
          type: 'sales.QuoteApproved',
          data: {
            quoteId,
            version,
            approverId,
            step: step + 1,
            approverRole: next.approverRole,
            nextApproverRole: quote.approvalSteps[step + 1]?.approverRole ?? null,
            approvedAt: now,
          },
        },
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

/** A version's approval route; older events had one manager's step whenever it needed approval. */
function stepsOf(d: {
  readonly approvalSteps?: readonly ApprovalStep[];
  readonly approvalReasons: readonly ApprovalReason[];
}): readonly ApprovalStep[] {
  if (d.approvalSteps) return d.approvalSteps;
  return d.approvalReasons.length > 0
    ? [{ approverRole: 'sales_manager', reasons: d.approvalReasons }]
    : [];
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
      approvalSteps: stepsOf(d),
      approverIds: [],
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
        approvalSteps: stepsOf(d),
        approverIds: [],
      };
    }
    case 'sales.QuoteApproved': {
      const approverIds = [...state.approverIds, event.data.approverId];
      // Older events approved the only step; newer ones name the next step's role (null: done).
      const done =
        event.data.nextApproverRole === undefined || event.data.nextApproverRole === null;
      return { ...state, approverIds, approvedVersion: done ? event.data.version : null };
    }
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
