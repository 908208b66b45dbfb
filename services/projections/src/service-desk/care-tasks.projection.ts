// Care tasks: one document per task from its stream (`service-desk.CareTask-<taskId>`): opened
// with its kind, customer, due instant and the agent and team who should act, then completed or
// dismissed. No personal data in these events, so it runs on the raw store.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import type { CareTaskEvent } from '@crm/service-desk-domain';
import { CARE_TASKS_MODEL, CARE_TASKS_PROJECTION } from '@crm/service-desk-read-models';

export function projectCareTask(envelope: EventEnvelope): ReadModelChange[] {
  const event = { type: envelope.type, data: envelope.data } as CareTaskEvent;
  const id = `${envelope.tenantId}:${event.data.taskId}`;
  switch (event.type) {
    case 'service-desk.CareTaskOpened': {
      const { at, agentId, ...facts } = event.data;
      return [
        upsert(CARE_TASKS_MODEL, id, {
          set: {
            ...facts,
            tenantId: envelope.tenantId,
            openedAt: at,
            ...(agentId !== undefined && { assigneeId: agentId }),
          },
          setOnInsert: { status: 'open' },
        }),
      ];
    }
    case 'service-desk.CareTaskCompleted':
      return [
        upsert(CARE_TASKS_MODEL, id, {
          set: { status: 'completed', closedAt: event.data.at, closedBy: event.data.by },
        }),
      ];
    case 'service-desk.CareTaskDismissed':
      return [
        upsert(CARE_TASKS_MODEL, id, {
          set: {
            status: 'dismissed',
            closedAt: event.data.at,
            closedBy: event.data.by,
            dismissReason: event.data.reason,
          },
        }),
      ];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const careTasksProjection = defineProjection({
  name: CARE_TASKS_PROJECTION,
  version: 1,
  eventTypes: [
    'service-desk.CareTaskOpened',
    'service-desk.CareTaskCompleted',
    'service-desk.CareTaskDismissed',
  ],
  readModels: [CARE_TASKS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [CARE_TASKS_MODEL]: [
      { fields: { tenantId: 1, status: 1, dueAt: 1 } },
      { fields: { tenantId: 1, assigneeId: 1, dueAt: 1 } },
      { fields: { tenantId: 1, teamId: 1, dueAt: 1 } },
    ],
  },
  project: projectCareTask,
});
