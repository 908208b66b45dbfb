// Forecast submissions: one document per owner and period with the latest call, how many were
// submitted, and the manager's latest adjustment (every submission stays in the event store).
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import type { ForecastEvent } from '@crm/sales-domain';
import { SALES_FORECASTS_MODEL, SALES_FORECASTS_PROJECTION } from '@crm/sales-read-models';

const FORECAST_EVENT_TYPES: readonly ForecastEvent['type'][] = [
  'sales.ForecastSubmitted',
  'sales.ForecastAdjusted',
];

export function projectSalesForecast(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as ForecastEvent;
  const base = { tenantId: envelope.tenantId, version: envelope.streamVersion };
  switch (event.type) {
    case 'sales.ForecastSubmitted': {
      const { forecastId, note, amount, submittedAt, ...d } = event.data;
      return upsert(SALES_FORECASTS_MODEL, forecastId, {
        set: { ...base, ...d, submitted: amount, submittedAt, ...(note ? { note } : {}) },
        inc: { submissionCount: 1 },
      });
    }
    case 'sales.ForecastAdjusted': {
      const { forecastId, amount, note, adjustedBy, adjustedAt } = event.data;
      return upsert(SALES_FORECASTS_MODEL, forecastId, {
        set: { ...base, adjusted: amount, adjustmentNote: note, adjustedBy, adjustedAt },
      });
    }
    default:
      return undefined;
  }
}

export const salesForecastsProjection = defineProjection({
  name: SALES_FORECASTS_PROJECTION,
  version: 1,
  eventTypes: FORECAST_EVENT_TYPES,
  readModels: [SALES_FORECASTS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_FORECASTS_MODEL]: [
      { fields: { tenantId: 1, period: 1, ownerId: 1 } },
      { fields: { tenantId: 1, period: 1, teamId: 1 } },
    ],
  },
  project: projectSalesForecast,
});
