// How the gateway sends a service-desk command and translates its typed errors (proto ErrorDetail
// codes), for every service-desk resolver.
import { type GatewayContext } from '../graphql/gateway-context';
import { type ContextErrorVocabulary } from '../grpc/context-errors';
import {
  commandResultOf,
  sendToContext,
  type CommandResultMessage,
  type ShapedCommandResult,
} from '../grpc/context-commands';
import { type ServiceDeskClient } from './service-desk.ports';

const NOT_FOUND_SUBJECTS: Readonly<Record<string, string>> = {
  TICKET_NOT_FOUND: 'Ticket',
  ARTICLE_NOT_FOUND: 'Article',
  CARE_TASK_NOT_FOUND: 'CareTask',
};

export const SERVICE_DESK_ERRORS: ContextErrorVocabulary = {
  conflicts: new Set([
    'TICKET_ALREADY_EXISTS',
    'IDEMPOTENCY_KEY_REUSED',
    'CONCURRENCY_CONFLICT',
    'SURVEY_ALREADY_ANSWERED',
  ]),
  notFoundSubject: (code) => NOT_FOUND_SUBJECTS[code] ?? 'Record',
};

/** Sends one command RPC; `subjectId` names the record a NOT_FOUND is about. */
export async function sendServiceDeskCommand(
  client: ServiceDeskClient,
  ctx: GatewayContext,
  method: string,
  request: Record<string, unknown>,
  idempotencyKey: string | null | undefined,
  subjectId: string,
): Promise<ShapedCommandResult> {
  const result = await sendToContext<CommandResultMessage>(
    client,
    SERVICE_DESK_ERRORS,
    ctx,
    method,
    request,
    idempotencyKey,
    subjectId,
  );
  return commandResultOf(result, ctx.correlationId);
}
