// Parsers of the quote and activity RPCs: the generated proto request becomes a typed domain
// command (or every shape problem at once). A quote's customer, currency, owner and team are not
// in the request: the application copies them from the opportunity it is built from.
import type * as P from '@crm/contracts/sales-grpc';
import {
  ACTIVITY_KINDS,
  ACTIVITY_SUBJECT_KINDS,
  ORDER_CHANNELS,
  SALES_LIMITS,
  type AcceptQuote,
  type ApproveQuote,
  type CancelActivity,
  type CompleteActivity,
  type OrderChannel,
  type DefineQuoteApprovalPolicy,
  NOTE_SUBJECT_KINDS,
  type NoteSubject,
  type NoteSubjectKind,
  type RemoveSalesNote,
  type QuoteApproverRole,
  type QuoteLine,
  type QuoteValidityDay,
  type SetOpportunityLines,
  type OverrideOpportunityProbability,
  type RejectQuote,
  type RescheduleActivity,
  type ReviseQuote,
  type ScheduleActivity,
  type SendQuote,
} from '@crm/sales-domain';
import { endOfLocalDay, InvalidTimerError } from '@crm/timers';
import { ownershipFor } from '../application/caller-access';
import type { QuoteDraft } from '../application/sales.application';
import { parseRequest, type RequestReader } from './request-parsing';
import { given, type ParseContext, type Parsed } from './sales-command.parsers';

const DAY_MS = 86_400_000;

/** A quote's (or a deal's) lines: 1..SALES_LIMITS.quoteLines, each as the quote's rules say. */
export function quoteLines(
  r: RequestReader,
  lines: readonly P.QuoteLine__Output[],
  what = 'quote',
  /** CreateQuote: none given means the deal's lines (ADR 0442), which the application takes. */
  required = true,
): QuoteLine[] {
  if (required && lines.length === 0) {
    r.add('lines', 'REQUIRED', `a ${what} needs at least one line`);
  }
  if (lines.length > SALES_LIMITS.quoteLines) {
    r.add('lines', 'TOO_MANY', `at most ${SALES_LIMITS.quoteLines} lines`);
  }
  const parsed = lines.slice(0, SALES_LIMITS.quoteLines).map((line, i) => {
    const sku = r.id(`lines[${i}].sku`, line.sku);
    return {
      ...(sku ? { sku } : {}),
      name: r.requiredText(`lines[${i}].name`, line.name, SALES_LIMITS.name),
      category: r.requiredText(`lines[${i}].category`, line.category, SALES_LIMITS.category),
      quantity: r.integer(`lines[${i}].quantity`, line.quantity, 1, SALES_LIMITS.quantity),
      unitPriceMinor: r.amount(`lines[${i}].unitPrice`, line.unitPrice),
      discountPercent: r.integer(`lines[${i}].discountPercent`, line.discountPercent, 0, 100),
    };
  });
  if (
    parsed.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0) > SALES_LIMITS.orderTotalMinor
  ) {
    r.add('lines', 'OUT_OF_RANGE', `the ${what} total is too large`);
  }
  return parsed;
}

/**
 * The quote's validity: an instant, or (ADR 0381) a calendar day where the customer is with their
 * IANA zone, which ends at that day's local midnight; either way after now and within the longest
 * validity.
 */
function validity(
  r: RequestReader,
  req: { validUntil: string; validUntilDate: string; customerTimeZone: string },
  now: string,
): { validUntil: string; validityDay?: QuoteValidityDay } {
  const date = req.validUntilDate.trim();
  const timeZone = req.customerTimeZone.trim();
  if (!date && !timeZone)
    return { validUntil: inRange(r, r.instant('validUntil', req.validUntil), now) };
  if (req.validUntil.trim())
    r.add('validUntil', 'INVALID_FORMAT', 'give validUntil or validUntilDate, not both');
  if (!date) r.add('validUntilDate', 'REQUIRED', 'is required with customerTimeZone');
  if (!timeZone) r.add('customerTimeZone', 'REQUIRED', 'is required with validUntilDate');
  if (!date || !timeZone) return { validUntil: '' };
  try {
    const until = endOfLocalDay(date, timeZone).toISOString();
    const validityDay = { validUntilDate: date, customerTimeZone: timeZone };
    return { validUntil: inRange(r, until, now, 'validUntilDate'), validityDay };
  } catch (error) {
    if (!(error instanceof InvalidTimerError)) throw error;
    const field = error.field === 'date' ? 'validUntilDate' : 'customerTimeZone';
    r.add(field, 'INVALID_FORMAT', error.message);
    return { validUntil: '' };
  }
}

/** After now, and within the longest validity. */
function inRange(r: RequestReader, until: string, now: string, field = 'validUntil'): string {
  if (!until) return until;
  const ms = Date.parse(until) - Date.parse(now);
  if (ms <= 0 || ms > SALES_LIMITS.quoteValidityDays * DAY_MS) {
    r.add(
      field,
      'OUT_OF_RANGE',
      `must be after now and at most ${SALES_LIMITS.quoteValidityDays} days ahead`,
    );
  }
  return until;
}

export function parseCreateQuote(
  req: P.CreateQuoteRequest__Output,
  ctx: ParseContext,
): { readonly draft: QuoteDraft; readonly createdId: string } {
  return parseRequest((r) => {
    const now = ctx.now();
    const quoteId = r.id('quoteId', req.quoteId) ?? ctx.newId('quote');
    return {
      createdId: quoteId,
      draft: {
        quoteId,
        opportunityId: r.requiredId('opportunityId', req.opportunityId),
        lines: quoteLines(r, req.lines, 'quote', false),
        ...validity(r, req, now),
        now,
      },
    };
  });
}

export function parseReviseQuote(
  req: P.ReviseQuoteRequest__Output,
  ctx: ParseContext,
): Parsed<ReviseQuote> {
  return parseRequest((r) => {
    const now = ctx.now();
    return {
      command: {
        type: 'ReviseQuote',
        data: {
          quoteId: r.requiredId('quoteId', req.quoteId),
          lines: quoteLines(r, req.lines),
          ...validity(r, req, now),
          now,
        },
      },
    };
  });
}

export function parseApproveQuote(
  req: P.ApproveQuoteRequest__Output,
  ctx: ParseContext,
  approverId: string,
  approverRoles: ApproveQuote['data']['approverRoles'],
): Parsed<ApproveQuote> {
  return parseRequest((r) => ({
    command: {
      type: 'ApproveQuote',
      data: {
        quoteId: r.requiredId('quoteId', req.quoteId),
        version: r.integer('version', req.version, 1, 1_000_000),
        approverId,
        approverRoles,
        now: ctx.now(),
      },
    },
  }));
}

export function parseSendQuote(
  req: P.SendQuoteRequest__Output,
  ctx: ParseContext,
): Parsed<SendQuote> {
  return parseRequest((r) => ({
    command: {
      type: 'SendQuote',
      data: { quoteId: r.requiredId('quoteId', req.quoteId), now: ctx.now() },
    },
  }));
}

export function parseAcceptQuote(
  req: P.AcceptQuoteRequest__Output,
  ctx: ParseContext,
): Parsed<AcceptQuote> & { readonly channel: OrderChannel } {
  return parseRequest((r) => ({
    channel:
      !req.channel || req.channel === 'ORDER_CHANNEL_UNSPECIFIED'
        ? 'offline_store'
        : r.enumValue('channel', req.channel, 'ORDER_CHANNEL_', ORDER_CHANNELS),
    command: {
      type: 'AcceptQuote',
      data: {
        quoteId: r.requiredId('quoteId', req.quoteId),
        version: r.integer('version', req.version, 1, 1_000_000),
        now: ctx.now(),
      },
    },
  }));
}

export function parseRejectQuote(
  req: P.RejectQuoteRequest__Output,
  ctx: ParseContext,
): Parsed<RejectQuote> {
  return parseRequest((r) => ({
    command: {
      type: 'RejectQuote',
      data: {
        quoteId: r.requiredId('quoteId', req.quoteId),
        reason: r.requiredText('reason', req.reason, SALES_LIMITS.reason),
        now: ctx.now(),
      },
    },
  }));
}

/** Due instant and optional reminder, which may not come after it. */
function dueAndReminder(r: RequestReader, dueAtValue: string, remindAtValue: string) {
  const dueAt = r.instant('dueAt', dueAtValue);
  const remindAt = remindAtValue.trim() ? r.instant('remindAt', remindAtValue) : undefined;
  if (dueAt && remindAt && Date.parse(remindAt) > Date.parse(dueAt)) {
    r.add('remindAt', 'OUT_OF_RANGE', 'must not be after dueAt');
  }
  return { dueAt, ...(remindAt ? { remindAt } : {}) };
}

export function parseScheduleActivity(
  req: P.ScheduleActivityRequest__Output,
  ctx: ParseContext,
): Parsed<ScheduleActivity> {
  return parseRequest((r) => {
    const activityId = r.id('activityId', req.activityId) ?? ctx.newId('activity');
    return {
      createdId: activityId,
      command: {
        type: 'ScheduleActivity',
        data: {
          activityId,
          kind: r.enumValue('kind', req.kind, 'ACTIVITY_KIND_', ACTIVITY_KINDS),
          subject: r.requiredText('subject', req.subject, SALES_LIMITS.activitySubject),
          about: {
            kind: r.enumValue(
              'aboutKind',
              req.aboutKind,
              'ACTIVITY_SUBJECT_KIND_',
              ACTIVITY_SUBJECT_KINDS,
            ),
            id: r.requiredId('aboutId', req.aboutId),
          },
          ...dueAndReminder(r, req.dueAt, req.remindAt),
          ...ownershipFor(ctx.caller, given(r, req)),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseRescheduleActivity(
  req: P.RescheduleActivityRequest__Output,
  ctx: ParseContext,
): Parsed<RescheduleActivity> {
  return parseRequest((r) => ({
    command: {
      type: 'RescheduleActivity',
      data: {
        activityId: r.requiredId('activityId', req.activityId),
        ...dueAndReminder(r, req.dueAt, req.remindAt),
        now: ctx.now(),
      },
    },
  }));
}

export function parseCompleteActivity(
  req: P.CompleteActivityRequest__Output,
  ctx: ParseContext,
): Parsed<CompleteActivity> {
  return parseRequest((r) => {
    const outcome = r.text('outcome', req.outcome, SALES_LIMITS.reason);
    return {
      command: {
        type: 'CompleteActivity',
        data: {
          activityId: r.requiredId('activityId', req.activityId),
          ...(outcome ? { outcome } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseCancelActivity(
  req: P.CancelActivityRequest__Output,
  ctx: ParseContext,
): Parsed<CancelActivity> {
  return parseRequest((r) => {
    const reason = r.text('reason', req.reason, SALES_LIMITS.reason);
    return {
      command: {
        type: 'CancelActivity',
        data: {
          activityId: r.requiredId('activityId', req.activityId),
          ...(reason ? { reason } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

const EMPTY_LINE: P.QuoteLine__Output = {
  sku: '',
  name: '',
  category: '',
  quantity: 0,
  unitPrice: '',
  discountPercent: 0,
};

/** A deal's lines are a quote's, each one-off or recurring. */
export function parseSetOpportunityLines(
  req: P.SetOpportunityLinesRequest__Output,
  ctx: ParseContext,
): Parsed<SetOpportunityLines> {
  return parseRequest((r) => {
    const given = req.lines.map((l, i) => {
      if (!l.line) r.add(`lines[${i}].line`, 'REQUIRED', 'names the product, quantity and price');
      return l.line ?? EMPTY_LINE;
    });
    const lines = quoteLines(r, given, 'deal').map((line, i) => ({
      ...line,
      recurring: req.lines[i]?.recurring ?? false,
    }));
    const opportunityId = r.requiredId('opportunityId', req.opportunityId);
    return {
      command: { type: 'SetOpportunityLines', data: { opportunityId, lines, now: ctx.now() } },
    };
  });
}

export function parseOverrideOpportunityProbability(
  req: P.OverrideOpportunityProbabilityRequest__Output,
  ctx: ParseContext,
): Parsed<OverrideOpportunityProbability> {
  return parseRequest((r) => {
    const opportunityId = r.requiredId('opportunityId', req.opportunityId);
    const probability = req.clear ? null : r.integer('probability', req.probability, 0, 100);
    return {
      command: {
        type: 'OverrideOpportunityProbability',
        data: { opportunityId, probability, now: ctx.now() },
      },
    };
  });
}

const APPROVER_ROLES: Readonly<Record<string, QuoteApproverRole>> = {
  QUOTE_APPROVER_ROLE_SALES_MANAGER: 'sales_manager',
  QUOTE_APPROVER_ROLE_ADMIN: 'admin',
};

/** The proto enum name of an approver role: the inverse of APPROVER_ROLES. */
export const approverRoleName = (role: QuoteApproverRole): P.QuoteApproverRole =>
  (Object.keys(APPROVER_ROLES).find((name) => APPROVER_ROLES[name] === role) ??
    'QUOTE_APPROVER_ROLE_UNSPECIFIED') as P.QuoteApproverRole;

/** A tenant's approval policy (ADR 0382): 1..10 levels in approval order, each role once. */
export function parseDefineQuoteApprovalPolicy(
  req: P.DefineQuoteApprovalPolicyRequest__Output,
  ctx: ParseContext,
): DefineQuoteApprovalPolicy {
  return parseRequest((r) => {
    if (req.levels.length === 0 || req.levels.length > 10)
      r.add('levels', 'OUT_OF_RANGE', 'needs 1 to 10 levels');
    const levels = req.levels.map((level, i) => {
      const approverRole = APPROVER_ROLES[level.approverRole];
      if (!approverRole)
        r.add(`levels[${i}].approverRole`, 'UNKNOWN_VALUE', 'is SALES_MANAGER or ADMIN');
      else if (req.levels.slice(0, i).some((l) => l.approverRole === level.approverRole))
        r.add(`levels[${i}].approverRole`, 'INVALID_FORMAT', 'is named by an earlier level');
      return {
        approverRole: approverRole ?? 'admin',
        maxDiscountPercent: r.integer(
          `levels[${i}].maxDiscountPercent`,
          level.maxDiscountPercent,
          0,
          100,
        ),
        maxAmountMinor: r.amount(`levels[${i}].maxAmount`, level.maxAmount),
      };
    });
    return { type: 'DefineQuoteApprovalPolicy', data: { levels, now: ctx.now() } };
  });
}

const NOTE_SUBJECTS: Readonly<Record<string, NoteSubjectKind>> = Object.fromEntries(
  NOTE_SUBJECT_KINDS.map((kind) => [`SALES_NOTE_SUBJECT_KIND_${kind.toUpperCase()}`, kind]),
);
const NOTE_MAX_LENGTH = 2_000;

/** An internal note (ADR 0384): about which record, and its text. */
export function parseAddSalesNote(
  req: P.AddSalesNoteRequest__Output,
  ctx: ParseContext,
): {
  readonly noteId: string;
  readonly about: NoteSubject;
  readonly text: string;
  readonly now: string;
} {
  return parseRequest((r) => {
    const kind = NOTE_SUBJECTS[req.aboutKind];
    if (!kind) r.add('aboutKind', 'UNKNOWN_VALUE', `is one of ${NOTE_SUBJECT_KINDS.join(', ')}`);
    const text = r.requiredText('text', req.text, NOTE_MAX_LENGTH);
    return {
      noteId: r.id('noteId', req.noteId) ?? ctx.newId('note'),
      about: { kind: kind ?? 'lead', id: r.requiredId('aboutId', req.aboutId) },
      text,
      now: ctx.now(),
    };
  });
}

export function parseRemoveSalesNote(
  req: P.RemoveSalesNoteRequest__Output,
  ctx: ParseContext,
): RemoveSalesNote {
  return parseRequest((r) => ({
    type: 'RemoveSalesNote',
    data: { noteId: r.requiredId('noteId', req.noteId), now: ctx.now() },
  }));
}

/** At most this many notes per SalesNoteTexts call (the gateway's notes page is smaller). */
export const NOTE_TEXTS_MAX_IDS = 500;

export function parseSalesNoteTexts(req: P.SalesNoteTextsRequest__Output): readonly string[] {
  return parseRequest((r) => {
    if (req.noteIds.length > NOTE_TEXTS_MAX_IDS)
      r.add('noteIds', 'TOO_MANY', `at most ${NOTE_TEXTS_MAX_IDS} note ids`);
    return req.noteIds.map((noteId, i) => r.requiredId(`noteIds[${i}]`, noteId));
  });
}
