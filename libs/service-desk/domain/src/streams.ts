// Stream names of the service-desk context: `<context>.<Aggregate>-<id>`.

export const SERVICE_DESK_CONTEXT = 'service-desk';
export const TICKET_CATEGORY = 'service-desk.Ticket';

export function ticketStreamId(ticketId: string): string {
  return `${TICKET_CATEGORY}-${ticketId}`;
}

export function ticketIdFromStreamId(streamId: string): string | undefined {
  const prefix = `${TICKET_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

export const ARTICLE_CATEGORY = 'service-desk.Article';

export function articleStreamId(articleId: string): string {
  return `${ARTICLE_CATEGORY}-${articleId}`;
}

export function articleIdFromStreamId(streamId: string): string | undefined {
  const prefix = `${ARTICLE_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

export const NPS_SURVEY_CATEGORY = 'service-desk.NpsSurvey';

export function npsSurveyStreamId(customerId: string): string {
  return `${NPS_SURVEY_CATEGORY}-${customerId}`;
}

export function customerIdFromNpsStreamId(streamId: string): string | undefined {
  const prefix = `${NPS_SURVEY_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/** One routing stream per tenant: routing decisions of a tenant are serialised on it. */
export const ROUTING_CATEGORY = 'service-desk.Routing';

export function routingStreamId(tenantId: string): string {
  return `${ROUTING_CATEGORY}-${tenantId}`;
}

export const CARE_TASK_CATEGORY = 'service-desk.CareTask';

export function careTaskStreamId(taskId: string): string {
  return `${CARE_TASK_CATEGORY}-${taskId}`;
}
