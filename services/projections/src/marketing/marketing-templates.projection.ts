// Templates: one document per template with its name and locales (the content stays in the store).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { TemplateEvent } from '@crm/marketing-domain';
import {
  MARKETING_TEMPLATES_MODEL,
  MARKETING_TEMPLATES_PROJECTION,
  marketingDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

export function projectMarketingTemplate(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as TemplateEvent;
  if (event.type !== 'marketing.TemplateCreated') return undefined;
  const { templateId, name, versions, createdAt } = event.data;
  return upsert(MARKETING_TEMPLATES_MODEL, marketingDocumentId(envelope.tenantId, templateId), {
    set: {
      tenantId: envelope.tenantId,
      templateId,
      name,
      locales: versions.map((v) => v.locale),
      createdAt,
      version: envelope.streamVersion,
    },
  });
}

export const marketingTemplatesProjection = defineProjection({
  name: MARKETING_TEMPLATES_PROJECTION,
  version: 1,
  eventTypes: ['marketing.TemplateCreated'],
  readModels: [MARKETING_TEMPLATES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: { [MARKETING_TEMPLATES_MODEL]: [{ fields: { tenantId: 1, createdAt: -1 } }] },
  project: projectMarketingTemplate,
});
