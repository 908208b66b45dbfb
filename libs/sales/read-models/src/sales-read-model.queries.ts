// The query API of the sales read models, for the gateway: the lead queue, the pipeline board (open
// opportunities in stage columns), orders, quotes (and the approval queue) and activities (calendar,
// "my activities"). Every call is tenant-scoped and filtered by the
// caller's record scope; every filter is built here from typed values, never from client operators.
import { scopeIncludes, type SalesScope } from '@crm/access-policy';
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver, decodeFieldKey } from '@crm/read-models';
import {
  SALES_BOARD_PLACEMENTS_MODEL,
  boardPlacementBucketIds,
  type BoardPlacementsDocument,
} from './board-placements';
import type { Connection, mongo } from 'mongoose';
import {
  SALES_LEADS_MODEL,
  SALES_LEADS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_ORDERS_MODEL,
  SALES_ORDERS_PROJECTION,
  SALES_PIPELINE_PROJECTION,
  SALES_ACTIVITIES_MODEL,
  SALES_ACTIVITIES_PROJECTION,
  SALES_QUOTES_MODEL,
  SALES_NOTES_MODEL,
  SALES_NOTES_PROJECTION,
  SALES_QUOTES_PROJECTION,
  SALES_FORECASTS_MODEL,
  SALES_FORECASTS_PROJECTION,
  SALES_CONTRACTS_MODEL,
  SALES_CONTRACTS_PROJECTION,
  SALES_QUOTAS_MODEL,
  SALES_QUOTAS_PROJECTION,
  type ContractDocument,
  type ContractStatus,
  type QuotaDocument,
  type ForecastDocument,
  type ActivityDocument,
  type ActivityStatus,
  type QuoteDocument,
  type NoteDocument,
  type QuoteStatus,
  type LeadDocument,
  type LeadStatus,
  type OpportunityDocument,
  type OrderDocument,
} from './sales-read-model.documents';

/** Most documents one query returns. */
export const SALES_QUERY_LIMIT = 500;
/** Most cards one column of the pipeline board shows (its count and totals cover them all). */
export const BOARD_COLUMN_LIMIT = 500;
/** Most opportunities one forecast adds up. */
export const FORECAST_QUERY_LIMIT = 10_000;

type Filter = mongo.Filter<mongo.Document>;

/** What places an opportunity on the board and adds it up. */
type BoardPlacement = Pick<
  OpportunityDocument,
  '_id' | 'stageId' | 'currency' | 'amountMinor' | 'expectedCloseOn'
>;

/** One column's count, totals per currency (in currency order) and the ids of its first cards. */
function boardColumn(stageId: string, placed: readonly BoardPlacement[], perStage: number) {
  const inStage = placed.filter((o) => o.stageId === stageId);
  const totals = new Map<string, number>();
  for (const o of inStage)
    totals.set(o.currency, (totals.get(o.currency) ?? 0) + (o.amountMinor ?? 0));
  return {
    stageId,
    count: inStage.length,
    totals: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amountMinor]) => ({ currency, amountMinor })),
    ids: inStage
      .sort(
        (a, b) => a.expectedCloseOn.localeCompare(b.expectedCloseOn) || a._id.localeCompare(b._id),
      )
      .slice(0, perStage)
      .map((o) => o._id),
  };
}

/** One stage column of the pipeline board, as the read model gives it. */
export interface BoardColumnDocuments {
  readonly stageId: string;
  /** Open opportunities in the column in the caller's scope (all, not only those shown). */
  readonly count: number;
  /** Their sum per currency, in minor units, in currency order. */
  readonly totals: readonly { readonly currency: string; readonly amountMinor: number }[];
  /** The first of them by expected close. */
  readonly opportunities: readonly OpportunityDocument[];
}

export class InvalidSalesQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidSalesQueryError';
  }
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new InvalidSalesQueryError(field, 'must be a string of 1 to 200 characters');
  }
  return value;
}

/** Tenant and record scope: reps their own, managers their team's, admins and auditors all. */
export function salesScopeFilter(tenantId: string, scope: SalesScope): Filter {
  const tenant = { tenantId: text('tenantId', tenantId) };
  if (scope.kind === 'tenant') return tenant;
  const owners = scope.ownerUserIds.map((v, i) => text(`scope.ownerUserIds[${i}]`, v));
  const teams = scope.teamIds.map((v, i) => text(`scope.teamIds[${i}]`, v));
  return { ...tenant, $or: [{ ownerId: { $in: owners } }, { teamId: { $in: teams } }] };
}

const LEAD_STATUSES: readonly LeadStatus[] = [
  'open',
  'qualified',
  'disqualified',
  'converted',
  'erased',
];
const QUOTE_STATUSES: readonly QuoteStatus[] = ['draft', 'sent', 'accepted', 'rejected', 'expired'];
const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['open', 'completed', 'cancelled'];
const CONTRACT_STATUSES: readonly ContractStatus[] = ['active', 'expired', 'terminated'];

function statusesOf<T extends string>(allowed: readonly T[], given: readonly T[]): T[] {
  for (const status of given) {
    if (!allowed.includes(status)) throw new InvalidSalesQueryError('statuses', 'unknown status');
  }
  return [...given];
}

function instant(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidSalesQueryError(field, 'must be an ISO-8601 instant');
  return new Date(ms).toISOString();
}

/** Which quotes: by status, or only those waiting for an approver. */
export interface QuoteFilter {
  readonly statuses?: readonly QuoteStatus[];
  readonly awaitingApproval?: boolean;
  /** Only quotes whose next approval step is this role's (older quotes: a manager's). */
  readonly nextApproverRole?: string;
  readonly opportunityId?: string;
}

/** Which activities: one owner's ("my activities"), a due window (the calendar), by status. */
export interface ActivityFilter {
  readonly ownerId?: string;
  readonly dueFrom?: string;
  readonly dueBefore?: string;
  readonly statuses?: readonly ActivityStatus[];
}

export class SalesReadModelQueries {
  /** `resolver`: share the gateway's, so a read-your-writes wait and the query see one target. */
  constructor(
    connection: Connection,
    private readonly resolver = new ReadModelResolver(connection),
  ) {}

  async leads(
    tenantId: string,
    scope: SalesScope,
    statuses: readonly LeadStatus[] = ['open', 'qualified'],
  ): Promise<LeadDocument[]> {
    statusesOf(LEAD_STATUSES, statuses);
    const leads = await this.resolver.collection(SALES_LEADS_PROJECTION, SALES_LEADS_MODEL);
    return (await leads
      .find(
        { ...salesScopeFilter(tenantId, scope), status: { $in: [...statuses] } },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ capturedAt: -1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as LeadDocument[];
  }

  /** One lead in the caller's scope, whatever its status (null when absent or out of scope). */
  async lead(tenantId: string, scope: SalesScope, leadId: string): Promise<LeadDocument | null> {
    const leads = await this.resolver.collection(SALES_LEADS_PROJECTION, SALES_LEADS_MODEL);
    return (await leads.findOne(
      { ...salesScopeFilter(tenantId, scope), _id: text('leadId', leadId) as never },
      { projection: INTERNAL_FIELDS_PROJECTION },
    )) as unknown as LeadDocument | null;
  }

  /** The open opportunities of a pipeline (the gateway groups them into the stage columns). */
  openOpportunities(
    tenantId: string,
    scope: SalesScope,
    pipelineId: string,
  ): Promise<OpportunityDocument[]> {
    return this.openOpportunitiesWhere(tenantId, scope, {
      pipelineId: text('pipelineId', pipelineId),
    });
  }

  /**
   * The pipeline board's columns: per stage, how many open opportunities of the pipeline are in
   * your scope and their sum per currency (over all of them), and the first `perStage` of them by
   * expected close. Two reads by `_id`, which the MongoDB-wire server answers without scanning the
   * tenant's deals (ADR 0445): the tenant's board placements (every open opportunity's stage,
   * owner, team, currency, amount and expected close), placed and added up here, then the cards
   * shown.
   */
  async pipelineColumns(
    tenantId: string,
    scope: SalesScope,
    pipelineId: string,
    stageIds: readonly string[],
    perStage: number,
  ): Promise<BoardColumnDocuments[]> {
    if (!Number.isInteger(perStage) || perStage < 0 || perStage > BOARD_COLUMN_LIMIT) {
      throw new InvalidSalesQueryError(
        'perStage',
        `must be a whole number 0..${BOARD_COLUMN_LIMIT}`,
      );
    }
    const placed = await this.boardPlacements(tenantId, scope, text('pipelineId', pipelineId));
    const columns = stageIds.map((stageId) => boardColumn(stageId, placed, perStage));
    const shown = columns.flatMap((c) => c.ids);
    const opportunities = await this.resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
    );
    const cards = new Map(
      shown.length === 0
        ? []
        : (
            (await opportunities
              .find(
                { tenantId, _id: { $in: shown as never[] } },
                { projection: INTERNAL_FIELDS_PROJECTION },
              )
              .toArray()) as unknown as OpportunityDocument[]
          ).map((doc) => [doc._id, doc]),
    );
    return columns.map(({ ids, ...column }) => ({
      ...column,
      // A card that left the board between the two reads is not shown.
      opportunities: ids.flatMap((id) => cards.get(id) ?? []),
    }));
  }

  /**
   * The open opportunities of a pipeline in your scope, from the tenant's placement buckets. A
   * placement that lacks its fields (reopened after a loss or win) is completed from the
   * opportunity's document, read by `_id` as well.
   */
  private async boardPlacements(
    tenantId: string,
    scope: SalesScope,
    pipelineId: string,
  ): Promise<BoardPlacement[]> {
    const inScope = salesScopeFilter(tenantId, scope);
    const buckets = (await (
      await this.resolver.collection(SALES_PIPELINE_PROJECTION, SALES_BOARD_PLACEMENTS_MODEL)
    )
      .find(
        // The key narrows the read (ADR 0360); the tenant is checked on the few documents found.
        { _id: { $in: boardPlacementBucketIds(tenantId) as never[] }, tenantId },
        { projection: { open: 1 } },
      )
      .toArray()) as unknown as BoardPlacementsDocument[];
    const placed: BoardPlacement[] = [];
    const incomplete: string[] = [];
    for (const bucket of buckets) {
      for (const [key, entry] of Object.entries(bucket.open ?? {})) {
        const _id = decodeFieldKey(key);
        if (entry.pipelineId === undefined) incomplete.push(_id);
        else if (
          entry.pipelineId === pipelineId &&
          scopeIncludes(scope, { ownerUserId: entry.ownerId ?? null, teamId: entry.teamId ?? null })
        ) {
          placed.push({
            _id,
            stageId: entry.stageId ?? '',
            currency: entry.currency ?? '',
            amountMinor: entry.amountMinor ?? 0,
            expectedCloseOn: entry.expectedCloseOn ?? '',
          });
        }
      }
    }
    if (incomplete.length === 0) return placed;
    const completed = (await (
      await this.resolver.collection(SALES_PIPELINE_PROJECTION, SALES_OPPORTUNITIES_MODEL)
    )
      .find(
        { ...inScope, _id: { $in: incomplete as never[] }, pipelineId, status: 'open' },
        { projection: { _id: 1, stageId: 1, currency: 1, amountMinor: 1, expectedCloseOn: 1 } },
      )
      .toArray()) as unknown as BoardPlacement[];
    return [...placed, ...completed];
  }

  /** A customer's open opportunities in your scope (every pipeline), for the customer 360. */
  openOpportunitiesOfCustomer(
    tenantId: string,
    scope: SalesScope,
    customerId: string,
  ): Promise<OpportunityDocument[]> {
    return this.openOpportunitiesWhere(tenantId, scope, {
      customerId: text('customerId', customerId),
    });
  }

  private async openOpportunitiesWhere(
    tenantId: string,
    scope: SalesScope,
    where: Filter,
  ): Promise<OpportunityDocument[]> {
    const opportunities = await this.resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
    );
    return (await opportunities
      .find(
        { ...salesScopeFilter(tenantId, scope), ...where, status: 'open' },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ expectedCloseOn: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as OpportunityDocument[];
  }

  async opportunity(
    tenantId: string,
    scope: SalesScope,
    opportunityId: string,
  ): Promise<OpportunityDocument | null> {
    const opportunities = await this.resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
    );
    return (await opportunities.findOne(
      { ...salesScopeFilter(tenantId, scope), _id: text('opportunityId', opportunityId) as never },
      { projection: INTERNAL_FIELDS_PROJECTION },
    )) as unknown as OpportunityDocument | null;
  }

  /** Orders, newest first; of one customer when `customerId` is given. */
  async orders(tenantId: string, scope: SalesScope, customerId?: string): Promise<OrderDocument[]> {
    const orders = await this.resolver.collection(SALES_ORDERS_PROJECTION, SALES_ORDERS_MODEL);
    const filter: Filter = salesScopeFilter(tenantId, scope);
    if (customerId !== undefined) filter['customerId'] = text('customerId', customerId);
    return (await orders
      .find(filter, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ placedAt: -1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as OrderDocument[];
  }

  /** Quotes in the caller's scope, newest first (the approvers' queue with awaitingApproval). */
  async quotes(
    tenantId: string,
    scope: SalesScope,
    filter: QuoteFilter = {},
  ): Promise<QuoteDocument[]> {
    const quotes = await this.resolver.collection(SALES_QUOTES_PROJECTION, SALES_QUOTES_MODEL);
    const query: Filter = salesScopeFilter(tenantId, scope);
    if (filter.statuses) query['status'] = { $in: statusesOf(QUOTE_STATUSES, filter.statuses) };
    if (filter.awaitingApproval !== undefined) query['awaitingApproval'] = filter.awaitingApproval;
    if (filter.nextApproverRole === 'sales_manager') {
      query['nextApproverRole'] = { $in: ['sales_manager', null] }; // null: missing too
    } else if (filter.nextApproverRole !== undefined) {
      query['nextApproverRole'] = filter.nextApproverRole;
    }
    if (filter.opportunityId !== undefined) {
      query['opportunityId'] = text('opportunityId', filter.opportunityId);
    }
    return (await quotes
      .find(query, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ createdAt: -1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as QuoteDocument[];
  }

  async quote(tenantId: string, scope: SalesScope, quoteId: string): Promise<QuoteDocument | null> {
    const quotes = await this.resolver.collection(SALES_QUOTES_PROJECTION, SALES_QUOTES_MODEL);
    return (await quotes.findOne(
      { ...salesScopeFilter(tenantId, scope), _id: text('quoteId', quoteId) as never },
      { projection: INTERNAL_FIELDS_PROJECTION },
    )) as unknown as QuoteDocument | null;
  }

  /** The notes about one record in the caller's scope (ADR 0384), oldest first. */
  async notes(
    tenantId: string,
    scope: SalesScope,
    about: { readonly kind: string; readonly id: string },
  ): Promise<NoteDocument[]> {
    const notes = await this.resolver.collection(SALES_NOTES_PROJECTION, SALES_NOTES_MODEL);
    const query: Filter = {
      ...salesScopeFilter(tenantId, scope),
      aboutKind: text('aboutKind', about.kind),
      aboutId: text('aboutId', about.id),
      removed: false,
    };
    return (await notes
      .find(query, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ addedAt: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as NoteDocument[];
  }

  /** Activities in the caller's scope, soonest due first. */
  async activities(
    tenantId: string,
    scope: SalesScope,
    filter: ActivityFilter = {},
  ): Promise<ActivityDocument[]> {
    const activities = await this.resolver.collection(
      SALES_ACTIVITIES_PROJECTION,
      SALES_ACTIVITIES_MODEL,
    );
    const query: Filter = {
      ...salesScopeFilter(tenantId, scope),
      status: { $in: statusesOf(ACTIVITY_STATUSES, filter.statuses ?? ['open']) },
    };
    if (filter.ownerId !== undefined) query['ownerId'] = text('ownerId', filter.ownerId);
    const due: Record<string, string> = {};
    if (filter.dueFrom !== undefined) due['$gte'] = instant('dueFrom', filter.dueFrom);
    if (filter.dueBefore !== undefined) due['$lt'] = instant('dueBefore', filter.dueBefore);
    if (Object.keys(due).length > 0) query['dueAt'] = due;
    return (await activities
      .find(query, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ dueAt: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as ActivityDocument[];
  }

  /**
   * The opportunities a forecast of [from, to) needs (dates YYYY-MM-DD): open ones expected to close
   * in it and those won in it, in the caller's scope.
   */
  async forecastOpportunities(
    tenantId: string,
    scope: SalesScope,
    from: string,
    to: string,
  ): Promise<OpportunityDocument[]> {
    const opportunities = await this.resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
    );
    const window = { $gte: text('from', from), $lt: text('to', to) };
    return (await opportunities
      .find(
        {
          ...salesScopeFilter(tenantId, scope),
          $and: [
            {
              $or: [
                { status: 'open', expectedCloseOn: window },
                { status: 'won', closedAt: window },
              ],
            },
          ],
        },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .limit(FORECAST_QUERY_LIMIT)
      .toArray()) as unknown as OpportunityDocument[];
  }

  /** The submitted forecasts of a period in the caller's scope. */
  async forecastSubmissions(
    tenantId: string,
    scope: SalesScope,
    period: string,
  ): Promise<ForecastDocument[]> {
    const forecasts = await this.resolver.collection(
      SALES_FORECASTS_PROJECTION,
      SALES_FORECASTS_MODEL,
    );
    return (await forecasts
      .find(
        { ...salesScopeFilter(tenantId, scope), period: text('period', period) },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ ownerId: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as ForecastDocument[];
  }

  /** Contracts in the caller's scope, soonest end first; by status and customer when given. */
  async contracts(
    tenantId: string,
    scope: SalesScope,
    filter: { statuses?: readonly ContractStatus[]; customerId?: string } = {},
  ): Promise<ContractDocument[]> {
    const contracts = await this.resolver.collection(
      SALES_CONTRACTS_PROJECTION,
      SALES_CONTRACTS_MODEL,
    );
    const query: Filter = salesScopeFilter(tenantId, scope);
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      query['status'] = { $in: statusesOf(CONTRACT_STATUSES, filter.statuses) };
    }
    if (filter.customerId !== undefined)
      query['customerId'] = text('customerId', filter.customerId);
    return (await contracts
      .find(query, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ endsAt: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as ContractDocument[];
  }

  /** The quotas of a period in the caller's scope. */
  async quotas(tenantId: string, scope: SalesScope, period: string): Promise<QuotaDocument[]> {
    const quotas = await this.resolver.collection(SALES_QUOTAS_PROJECTION, SALES_QUOTAS_MODEL);
    return (await quotas
      .find(
        { ...salesScopeFilter(tenantId, scope), period: text('period', period) },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ ownerId: 1, _id: 1 })
      .limit(SALES_QUERY_LIMIT)
      .toArray()) as unknown as QuotaDocument[];
  }
}
