// Quota settings for reports (docs/reports.md, quota attainment): one document per quota (tenant,
// period and owner) with every setting under its stream version, so attainment can answer as of an
// instant (the quota in force then); sales' own quota read model keeps the one in force only.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import { REPORT_QUOTAS_MODEL, REPORT_QUOTAS_PROJECTION } from '@crm/reports/read-models';
import type { QuotaSet } from '@crm/sales-domain';

export function projectQuotaSetting(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'sales.QuotaSet') return undefined;
  const d = envelope.data as QuotaSet['data'];
  return upsert(REPORT_QUOTAS_MODEL, d.quotaId, {
    set: {
      tenantId: envelope.tenantId,
      ownerId: d.ownerId,
      teamId: d.teamId,
      period: d.period,
      currency: d.currency,
      amount: d.amount,
      setAt: d.setAt,
      [`settings.${envelope.streamVersion}`]: { at: d.setAt, amount: d.amount },
      version: envelope.streamVersion,
    },
    setOnInsert: { firstSetAt: d.setAt },
  });
}

export const reportQuotasProjection = defineProjection({
  name: REPORT_QUOTAS_PROJECTION,
  version: 1,
  eventTypes: ['sales.QuotaSet'],
  readModels: [REPORT_QUOTAS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [REPORT_QUOTAS_MODEL]: [
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
      { fields: { tenantId: 1, setAt: 1 } },
    ],
  },
  project: projectQuotaSetting,
});
