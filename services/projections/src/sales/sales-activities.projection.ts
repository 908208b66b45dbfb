// Activities: one document per call, meeting or task with its due instant, reminder, owner and
// status; the calendar and "my activities" read it by owner and due window.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import type { ActivityEvent } from '@crm/sales-domain';
import { SALES_ACTIVITIES_MODEL, SALES_ACTIVITIES_PROJECTION } from '@crm/sales-read-models';

const ACTIVITY_EVENT_TYPES: readonly ActivityEvent['type'][] = [
  'sales.ActivityScheduled',
  'sales.ActivityRescheduled',
  'sales.ActivityCompleted',
  'sales.ActivityCancelled',
  'sales.ActivityReminderDue',
];

export function projectSalesActivity(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as ActivityEvent;
  const activity = (set: Fields, unset: readonly string[] = []): ReadModelChange =>
    upsert(SALES_ACTIVITIES_MODEL, event.data.activityId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...set },
      ...(unset.length > 0 ? { unset } : {}),
    });
  switch (event.type) {
    case 'sales.ActivityScheduled': {
      const { activityId: _id, about, ...d } = event.data;
      return activity({ ...d, about: { ...about }, status: 'open' });
    }
    case 'sales.ActivityRescheduled': {
      const { dueAt, remindAt } = event.data;
      return remindAt === undefined
        ? activity({ dueAt }, ['remindAt'])
        : activity({ dueAt, remindAt });
    }
    case 'sales.ActivityCompleted': {
      const { outcome, completedAt } = event.data;
      return activity({
        status: 'completed',
        closedAt: completedAt,
        ...(outcome === undefined ? {} : { outcome }),
      });
    }
    case 'sales.ActivityCancelled':
      return activity({ status: 'cancelled', closedAt: event.data.cancelledAt });
    case 'sales.ActivityReminderDue':
      return activity({ lastRemindedAt: event.data.remindedAt });
    default:
      return undefined;
  }
}

export const salesActivitiesProjection = defineProjection({
  name: SALES_ACTIVITIES_PROJECTION,
  version: 1,
  eventTypes: ACTIVITY_EVENT_TYPES,
  readModels: [SALES_ACTIVITIES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_ACTIVITIES_MODEL]: [
      { fields: { tenantId: 1, ownerId: 1, status: 1, dueAt: 1 } },
      { fields: { tenantId: 1, teamId: 1, dueAt: 1 } },
    ],
  },
  project: projectSalesActivity,
});
