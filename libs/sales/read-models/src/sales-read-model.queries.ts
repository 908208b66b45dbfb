// The query API of the sales read models, for the gateway: the lead queue, the pipeline board (open
// opportunities in stage columns) and orders. Every call is tenant-scoped and filtered by the
// caller's record scope; every filter is built here from typed values, never from client operators.
import type { SalesScope } from '@crm/access-policy';
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection, mongo } from 'mongoose';
import {
  SALES_LEADS_MODEL,
  SALES_LEADS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_ORDERS_MODEL,
  SALES_ORDERS_PROJECTION,
  SALES_PIPELINE_PROJECTION,
  type LeadDocument,
  type LeadStatus,
  type OpportunityDocument,
  type OrderDocument,
} from './sales-read-model.documents';

/** Most documents one query returns. */
export const SALES_QUERY_LIMIT = 500;

type Filter = mongo.Filter<mongo.Document>;

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

const LEAD_STATUSES: readonly LeadStatus[] = ['open', 'qualified', 'disqualified', 'converted'];

export class SalesReadModelQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection) {
    this.resolver = new ReadModelResolver(connection);
  }

  async leads(
    tenantId: string,
    scope: SalesScope,
    statuses: readonly LeadStatus[] = ['open', 'qualified'],
  ): Promise<LeadDocument[]> {
    for (const status of statuses) {
      if (!LEAD_STATUSES.includes(status)) {
        throw new InvalidSalesQueryError('statuses', 'unknown status');
      }
    }
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

  /** The open opportunities of a pipeline (the gateway groups them into the stage columns). */
  async openOpportunities(
    tenantId: string,
    scope: SalesScope,
    pipelineId: string,
  ): Promise<OpportunityDocument[]> {
    const opportunities = await this.resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_OPPORTUNITIES_MODEL,
    );
    return (await opportunities
      .find(
        {
          ...salesScopeFilter(tenantId, scope),
          pipelineId: text('pipelineId', pipelineId),
          status: 'open',
        },
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
}
