// Forecast submissions for reports (docs/reports.md, forecast accuracy): one document per forecast
// (owner and period) with every submission under its stream version, so forecast accuracy can
// answer as of an instant (the latest submission then); sales' own forecast read model keeps the
// latest submission only. Reads sales' ForecastSubmitted events, and (version 2) the managers'
// ForecastAdjusted ones, dated too, for the forecasts report as of an instant; adjustments are not
// part of accuracy (submitted against won).
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
} from '@crm/reports/read-models';
import type { ForecastAdjusted, ForecastSubmitted } from '@crm/sales-domain';

export function projectForecastSubmission(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type === 'sales.ForecastAdjusted') {
    const d = envelope.data as ForecastAdjusted['data'];
    return upsert(REPORT_FORECAST_SUBMISSIONS_MODEL, d.forecastId, {
      set: {
        tenantId: envelope.tenantId,
        [`adjustments.${envelope.streamVersion}`]: { at: d.adjustedAt, amount: d.amount },
        version: envelope.streamVersion,
      },
    });
  }
  if (envelope.type !== 'sales.ForecastSubmitted') return undefined;
  const d = envelope.data as ForecastSubmitted['data'];
  return upsert(REPORT_FORECAST_SUBMISSIONS_MODEL, d.forecastId, {
    set: {
      tenantId: envelope.tenantId,
      ownerId: d.ownerId,
      teamId: d.teamId,
      period: d.period,
      currency: d.currency,
      submitted: d.amount,
      submittedAt: d.submittedAt,
      [`submissions.${envelope.streamVersion}`]: { at: d.submittedAt, amount: d.amount },
      version: envelope.streamVersion,
    },
    setOnInsert: { firstSubmittedAt: d.submittedAt },
  });
}

export const reportForecastSubmissionsProjection = defineProjection({
  name: REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  // 2: adjustments kept (rebuilt from the log).
  version: 2,
  eventTypes: ['sales.ForecastSubmitted', 'sales.ForecastAdjusted'],
  readModels: [REPORT_FORECAST_SUBMISSIONS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [REPORT_FORECAST_SUBMISSIONS_MODEL]: [
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
      { fields: { tenantId: 1, submittedAt: 1 } },
    ],
  },
  project: projectForecastSubmission,
});
