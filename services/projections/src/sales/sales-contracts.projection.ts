// Contracts and quotas. `sales-contracts`: one document per contract with its current term,
// status and the renewal opportunity opened for that term. `sales-quotas`: one document per owner
// and period with the quota in force (the forecast's attainment reads it).
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import type { ContractEvent, QuotaSet } from '@crm/sales-domain';
import {
  SALES_CONTRACTS_MODEL,
  SALES_CONTRACTS_PROJECTION,
  SALES_QUOTAS_MODEL,
  SALES_QUOTAS_PROJECTION,
} from '@crm/sales-read-models';

const CONTRACT_EVENT_TYPES: readonly ContractEvent['type'][] = [
  'sales.ContractStarted',
  'sales.ContractRenewalDue',
  'sales.ContractRenewed',
  'sales.ContractExpired',
  'sales.ContractTerminated',
];

export function projectSalesContract(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as ContractEvent;
  const contract = (set: Fields, unset: readonly string[] = []): ReadModelChange =>
    upsert(SALES_CONTRACTS_MODEL, event.data.contractId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...set },
      ...(unset.length > 0 ? { unset } : {}),
    });
  switch (event.type) {
    case 'sales.ContractStarted': {
      const { contractId: _id, startedAt: _at, ...d } = event.data;
      return contract({ ...d, status: 'active' });
    }
    case 'sales.ContractRenewalDue': {
      const { renewalOpportunityId, dueAt } = event.data;
      return contract({ renewalOpportunityId, renewalDueAt: dueAt });
    }
    case 'sales.ContractRenewed': {
      const { endsAt, renewedAt } = event.data;
      return contract({ endsAt, renewedAt }, ['renewalOpportunityId', 'renewalDueAt']);
    }
    case 'sales.ContractExpired':
      return contract({ status: 'expired', closedAt: event.data.expiredAt });
    case 'sales.ContractTerminated': {
      const { reason, terminatedAt } = event.data;
      return contract({
        status: 'terminated',
        closedAt: terminatedAt,
        terminationReason: reason,
      });
    }
    default:
      return undefined;
  }
}

export const salesContractsProjection = defineProjection({
  name: SALES_CONTRACTS_PROJECTION,
  version: 1,
  eventTypes: CONTRACT_EVENT_TYPES,
  readModels: [SALES_CONTRACTS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_CONTRACTS_MODEL]: [
      { fields: { tenantId: 1, ownerId: 1, endsAt: 1 } },
      { fields: { tenantId: 1, teamId: 1, endsAt: 1 } },
    ],
  },
  project: projectSalesContract,
});

export function projectSalesQuota(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'sales.QuotaSet') return undefined;
  const { quotaId, ...d } = envelope.data as QuotaSet['data'];
  return upsert(SALES_QUOTAS_MODEL, quotaId, {
    set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...d },
  });
}

export const salesQuotasProjection = defineProjection({
  name: SALES_QUOTAS_PROJECTION,
  version: 1,
  eventTypes: ['sales.QuotaSet'],
  readModels: [SALES_QUOTAS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_QUOTAS_MODEL]: [
      { fields: { tenantId: 1, period: 1, ownerId: 1 } },
      { fields: { tenantId: 1, period: 1, teamId: 1 } },
    ],
  },
  project: projectSalesQuota,
});
