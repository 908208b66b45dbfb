// One parser per command: the generated proto request becomes a typed domain command, or every
// shape problem at once as field violations. Ids the request leaves empty are chosen here (derived
// from the idempotency key), as are the time of decision and the default owner and team.
import type { ServiceCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import {
  DEFAULT_PIPELINE,
  LEAD_SOURCES,
  ORDER_CHANNELS,
  SALES_LIMITS,
  type AssignLead,
  type CancelOrder,
  type CaptureLead,
  type CompleteOrder,
  type PayOrder,
  type ShipOrder,
  type ConvertLead,
  type DisqualifyLead,
  type EraseLead,
  type LoseOpportunity,
  type MoveOpportunityStage,
  type OpenOpportunity,
  type PlaceOrder,
  type QualifyLead,
  type ScheduleLeadFollowUp,
  type RefundOrder,
  type ReopenOpportunity,
  type SalesOwnership,
  type WinOpportunity,
} from '@crm/sales-domain';
import { ownershipFor } from '../application/caller-access';
import { parseRequest, type RequestReader } from './request-parsing';

/** What a parser may need besides the request: ids, the time and the caller (for default owners). */
export interface ParseContext {
  newId(purpose: string): string;
  now(): string;
  readonly caller: ServiceCaller;
}

export interface Parsed<C> {
  readonly command: C;
  readonly createdId?: string;
}

export const given = (r: RequestReader, req: { ownerId: string; teamId: string }) => {
  const ownerId = r.id('ownerId', req.ownerId);
  const teamId = r.id('teamId', req.teamId);
  return { ...(ownerId ? { ownerId } : {}), ...(teamId ? { teamId } : {}) };
};

/** Where a captured lead goes: its team and the fields the team's rules and territories test. */
export interface LeadRouting {
  readonly teamId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The fields a team's rules test: the given ones, the lead's source and whether it names a company. */
export function routingFieldsOf(
  capture: CaptureLead['data'],
  given: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...given, source: capture.source, company: capture.companyName ? 'yes' : 'no' };
}

/**
 * The owner of a lead the team's strategy will route: nobody yet, in the named team (or the
 * caller's); naming an owner and routing at once is a contradiction.
 */
export function routedOwnership(
  r: RequestReader,
  caller: ServiceCaller,
  given: { readonly ownerId?: string; readonly teamId?: string },
): SalesOwnership {
  if (given.ownerId) r.add('ownerId', 'INVALID_FORMAT', 'must be empty when the lead is routed');
  const { teamId } = ownershipFor(caller, given.teamId ? { teamId: given.teamId } : {});
  if (!teamId) r.add('teamId', 'REQUIRED', 'names the team whose strategy routes the lead');
  return { ownerId: null, teamId };
}

const MAX_ROUTING_FIELDS = 20;

function routingFields(r: RequestReader, fields: Record<string, string>): Record<string, string> {
  const entries = Object.entries(fields);
  if (entries.length > MAX_ROUTING_FIELDS)
    r.add('fields', 'TOO_MANY', `at most ${MAX_ROUTING_FIELDS} fields`);
  return Object.fromEntries(
    entries
      .slice(0, MAX_ROUTING_FIELDS)
      .map(([key, value]) => [
        r.requiredText(`fields.${key}`, key, 64),
        r.requiredText(`fields.${key}`, value, SALES_LIMITS.name),
      ]),
  );
}

export function parseCaptureLead(
  req: P.CaptureLeadRequest__Output,
  ctx: ParseContext,
): Parsed<CaptureLead> & { readonly routing?: LeadRouting } {
  return parseRequest((r) => {
    const leadId = r.id('leadId', req.leadId) ?? ctx.newId('lead');
    const source = r.enumValue('source', req.source, 'LEAD_SOURCE_', LEAD_SOURCES);
    const name = r.requiredText('contact.name', req.contact?.name, SALES_LIMITS.name);
    const email = r.email('contact.email', req.contact?.email);
    const phone = r.phone('contact.phone', req.contact?.phone);
    const companyName = r.text('companyName', req.companyName, SALES_LIMITS.name);
    const owner = req.route
      ? routedOwnership(r, ctx.caller, given(r, req))
      : ownershipFor(ctx.caller, given(r, req));
    const fields = routingFields(r, req.fields ?? {});
    const data: CaptureLead['data'] = {
      leadId,
      source,
      contact: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
      ...(companyName ? { companyName } : {}),
      ...owner,
      now: ctx.now(),
    };
    return {
      createdId: leadId,
      command: { type: 'CaptureLead', data },
      ...(req.route && owner.teamId
        ? { routing: { teamId: owner.teamId, fields: routingFieldsOf(data, fields) } }
        : {}),
    };
  });
}

export function parseAssignLead(
  req: P.AssignLeadRequest__Output,
  ctx: ParseContext,
): Parsed<AssignLead> {
  return parseRequest((r) => ({
    command: {
      type: 'AssignLead',
      data: {
        leadId: r.requiredId('leadId', req.leadId),
        ownerId: r.requiredId('ownerId', req.ownerId),
        teamId: r.id('teamId', req.teamId) ?? null,
        strategy: 'manual',
        now: ctx.now(),
      },
    },
  }));
}

export function parseQualifyLead(
  req: P.QualifyLeadRequest__Output,
  ctx: ParseContext,
): Parsed<QualifyLead> {
  return parseRequest((r) => {
    const note = r.text('note', req.note, SALES_LIMITS.reason);
    return {
      command: {
        type: 'QualifyLead',
        data: {
          leadId: r.requiredId('leadId', req.leadId),
          ...(note ? { note } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

const FOLLOW_UP_HORIZON_MS = 366 * 86_400_000;

export function parseScheduleLeadFollowUp(
  req: P.ScheduleLeadFollowUpRequest__Output,
  ctx: ParseContext,
): Parsed<ScheduleLeadFollowUp> {
  return parseRequest((r) => {
    const now = ctx.now();
    const note = r.text('note', req.note, SALES_LIMITS.reason);
    const dueAt = r.instant('dueAt', req.dueAt);
    const ahead = Date.parse(dueAt) - Date.parse(now);
    if (dueAt && (ahead <= 0 || ahead > FOLLOW_UP_HORIZON_MS))
      r.add('dueAt', 'OUT_OF_RANGE', 'must be after now and at most 366 days ahead');
    return {
      command: {
        type: 'ScheduleLeadFollowUp',
        data: { leadId: r.requiredId('leadId', req.leadId), dueAt, ...(note ? { note } : {}), now },
      },
    };
  });
}

export function parseDisqualifyLead(
  req: P.DisqualifyLeadRequest__Output,
  ctx: ParseContext,
): Parsed<DisqualifyLead> {
  return parseRequest((r) => ({
    command: {
      type: 'DisqualifyLead',
      data: {
        leadId: r.requiredId('leadId', req.leadId),
        reason: r.requiredText('reason', req.reason, SALES_LIMITS.reason),
        now: ctx.now(),
      },
    },
  }));
}

/** The opportunity fields shared by OpenOpportunity and ConvertLead. */
function opportunityTerms(
  r: RequestReader,
  req: {
    name: string;
    amount: string;
    currency: string;
    expectedCloseOn: string;
    pipelineId: string;
  },
  nameField: string,
) {
  return {
    name: r.requiredText(nameField, req.name, SALES_LIMITS.name),
    pipelineId: r.id('pipelineId', req.pipelineId) ?? DEFAULT_PIPELINE.pipelineId,
    amountMinor: r.amount('amount', req.amount),
    currency: r.currency('currency', req.currency),
    expectedCloseOn: r.date('expectedCloseOn', req.expectedCloseOn),
  };
}

export function parseConvertLead(
  req: P.ConvertLeadRequest__Output,
  ctx: ParseContext,
): {
  convert: ConvertLead['data'];
  open: Omit<OpenOpportunity['data'], 'ownerId' | 'teamId' | 'leadId'>;
} {
  return parseRequest((r) => {
    const now = ctx.now();
    const opportunityId = r.id('opportunityId', req.opportunityId) ?? ctx.newId('opportunity');
    const leadId = r.requiredId('leadId', req.leadId);
    const customerId = r.requiredId('customerId', req.customerId);
    const terms = opportunityTerms(r, { ...req, name: req.opportunityName }, 'opportunityName');
    return {
      convert: { leadId, customerId, opportunityId, now },
      open: { opportunityId, customerId, ...terms, now },
    };
  });
}

/**
 * The lead of a conversion whose customer is still to be found (ADR 0380), its terms checked as
 * ConvertLead checks them: a conversion that would be refused registers no customer.
 */
export function parseConversionCheck(req: P.ConvertLeadRequest__Output): string {
  return parseRequest((r) => {
    r.id('opportunityId', req.opportunityId);
    r.id('customerId', req.customerId);
    opportunityTerms(r, { ...req, name: req.opportunityName }, 'opportunityName');
    return r.requiredId('leadId', req.leadId);
  });
}

export function parseOpenOpportunity(
  req: P.OpenOpportunityRequest__Output,
  ctx: ParseContext,
): Parsed<OpenOpportunity> {
  return parseRequest((r) => {
    const opportunityId = r.id('opportunityId', req.opportunityId) ?? ctx.newId('opportunity');
    const stageId = r.id('stageId', req.stageId);
    return {
      createdId: opportunityId,
      command: {
        type: 'OpenOpportunity',
        data: {
          opportunityId,
          customerId: r.requiredId('customerId', req.customerId),
          ...opportunityTerms(r, req, 'name'),
          ...(stageId ? { stageId } : {}),
          ...ownershipFor(ctx.caller, given(r, req)),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseMoveOpportunityStage(
  req: P.MoveOpportunityStageRequest__Output,
  ctx: ParseContext,
): Parsed<MoveOpportunityStage> {
  return parseRequest((r) => ({
    command: {
      type: 'MoveOpportunityStage',
      data: {
        opportunityId: r.requiredId('opportunityId', req.opportunityId),
        stageId: r.requiredId('stageId', req.stageId),
        now: ctx.now(),
      },
    },
  }));
}

export function parseWinOpportunity(
  req: P.WinOpportunityRequest__Output,
  ctx: ParseContext,
): Parsed<WinOpportunity> {
  return parseRequest((r) => ({
    command: {
      type: 'WinOpportunity',
      data: { opportunityId: r.requiredId('opportunityId', req.opportunityId), now: ctx.now() },
    },
  }));
}

export function parseLoseOpportunity(
  req: P.LoseOpportunityRequest__Output,
  ctx: ParseContext,
): Parsed<LoseOpportunity> {
  return parseRequest((r) => ({
    command: {
      type: 'LoseOpportunity',
      data: {
        opportunityId: r.requiredId('opportunityId', req.opportunityId),
        reason: r.requiredText('reason', req.reason, SALES_LIMITS.reason),
        now: ctx.now(),
      },
    },
  }));
}

export function parseReopenOpportunity(
  req: P.ReopenOpportunityRequest__Output,
  ctx: ParseContext,
): Parsed<ReopenOpportunity> {
  return parseRequest((r) => ({
    command: {
      type: 'ReopenOpportunity',
      data: { opportunityId: r.requiredId('opportunityId', req.opportunityId), now: ctx.now() },
    },
  }));
}

/** `inherited`: the owner and team of the opportunity the order comes from, if any. */
export function parsePlaceOrder(
  req: P.PlaceOrderRequest__Output,
  ctx: ParseContext,
  inherited?: SalesOwnership,
): Parsed<PlaceOrder> {
  return parseRequest((r) => {
    const orderId = r.id('orderId', req.orderId) ?? ctx.newId('order');
    const opportunityId = r.id('opportunityId', req.opportunityId);
    if (req.lines.length === 0) r.add('lines', 'REQUIRED', 'an order needs at least one line');
    if (req.lines.length > SALES_LIMITS.orderLines) {
      r.add('lines', 'TOO_MANY', `at most ${SALES_LIMITS.orderLines} lines`);
    }
    const lines = req.lines.slice(0, SALES_LIMITS.orderLines).map((line, i) => {
      const sku = r.id(`lines[${i}].sku`, line.sku);
      const name = r.text(`lines[${i}].name`, line.name, SALES_LIMITS.name);
      return {
        ...(sku ? { sku } : {}),
        ...(name ? { name } : {}),
        category: r.requiredText(`lines[${i}].category`, line.category, SALES_LIMITS.category),
        quantity: r.integer(`lines[${i}].quantity`, line.quantity, 1, SALES_LIMITS.quantity),
        unitPriceMinor: r.amount(`lines[${i}].unitPrice`, line.unitPrice),
      };
    });
    if (
      lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0) >
      SALES_LIMITS.orderTotalMinor
    ) {
      r.add('lines', 'OUT_OF_RANGE', 'the order total is too large');
    }
    return {
      createdId: orderId,
      command: {
        type: 'PlaceOrder',
        data: {
          orderId,
          customerId: r.requiredId('customerId', req.customerId),
          ...(opportunityId ? { opportunityId } : {}),
          lines,
          currency: r.currency('currency', req.currency),
          channel: r.enumValue('channel', req.channel, 'ORDER_CHANNEL_', ORDER_CHANNELS),
          ...ownershipFor(ctx.caller, given(r, req), inherited),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseCancelOrder(
  req: P.CancelOrderRequest__Output,
  ctx: ParseContext,
): Parsed<CancelOrder> {
  return parseRequest((r) => {
    const reason = r.text('reason', req.reason, SALES_LIMITS.reason);
    return {
      command: {
        type: 'CancelOrder',
        data: {
          orderId: r.requiredId('orderId', req.orderId),
          ...(reason ? { reason } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

/** Optional short texts of the fulfilment steps (a payment reference, a carrier, a tracking number). */
const REFERENCE_MAX = 200;

export function parsePayOrder(req: P.PayOrderRequest__Output, ctx: ParseContext): Parsed<PayOrder> {
  return parseRequest((r) => {
    const paymentReference = r.text('paymentReference', req.paymentReference, REFERENCE_MAX);
    const orderId = r.requiredId('orderId', req.orderId);
    const data = { orderId, ...(paymentReference ? { paymentReference } : {}), now: ctx.now() };
    return { command: { type: 'PayOrder', data } };
  });
}

export function parseShipOrder(
  req: P.ShipOrderRequest__Output,
  ctx: ParseContext,
): Parsed<ShipOrder> {
  return parseRequest((r) => {
    const carrier = r.text('carrier', req.carrier, REFERENCE_MAX);
    const trackingNumber = r.text('trackingNumber', req.trackingNumber, REFERENCE_MAX);
    const data = {
      orderId: r.requiredId('orderId', req.orderId),
      ...(carrier ? { carrier } : {}),
      ...(trackingNumber ? { trackingNumber } : {}),
      now: ctx.now(),
    };
    return { command: { type: 'ShipOrder', data } };
  });
}

export function parseCompleteOrder(
  req: P.CompleteOrderRequest__Output,
  ctx: ParseContext,
): Parsed<CompleteOrder> {
  return parseRequest((r) => ({
    command: {
      type: 'CompleteOrder',
      data: { orderId: r.requiredId('orderId', req.orderId), now: ctx.now() },
    },
  }));
}

export function parseRefundOrder(
  req: P.RefundOrderRequest__Output,
  ctx: ParseContext,
): Parsed<RefundOrder> {
  return parseRequest((r) => {
    const reason = r.text('reason', req.reason, SALES_LIMITS.reason);
    return {
      command: {
        type: 'RefundOrder',
        data: {
          orderId: r.requiredId('orderId', req.orderId),
          amountMinor: r.amount('amount', req.amount, { positive: true }),
          ...(reason ? { reason } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseEraseLead(
  req: P.EraseLeadRequest__Output,
  ctx: ParseContext,
): Parsed<EraseLead> {
  return parseRequest((r) => {
    const reason = r.text('reason', req.reason, SALES_LIMITS.reason);
    return {
      command: {
        type: 'EraseLead',
        data: {
          leadId: r.requiredId('leadId', req.leadId),
          ...(reason ? { reason } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}
