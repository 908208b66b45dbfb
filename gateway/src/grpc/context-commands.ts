// What every context resolver does around a gRPC call: builds the call context of the verified
// principal (with the team members a sales manager's record scope needs), sends, translates the
// failure with the context's error vocabulary, and shapes the CommandResult.
import { principalOf, teamMemberIdsOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import {
  translateContextError,
  type ContextErrorVocabulary,
  type ErrorPlacement,
} from './context-errors';
import { type CallContext, type ContextGrpcClient } from './context-grpc.client';

/** CommandResult as every context proto declares it (proto-loader output). */
export interface CommandResultMessage {
  readonly aggregateId: string;
  readonly streamVersion: number;
  readonly replayed: boolean;
  readonly createdId?: string;
  readonly eventTypes: string[];
  readonly correlationId: string;
  readonly globalPosition: string;
}

export interface ShapedCommandResult {
  aggregateId: string;
  streamVersion: number;
  replayed: boolean;
  createdId: string | null;
  eventTypes: string[];
  correlationId: string;
  position: string;
}

export async function sendToContext<T>(
  client: Pick<ContextGrpcClient, 'call'>,
  vocabulary: ContextErrorVocabulary,
  ctx: GatewayContext,
  method: string,
  request: Record<string, unknown>,
  idempotencyKey: string | null | undefined,
  placement: string | ErrorPlacement = '',
): Promise<T> {
  const call = await callContextOf(ctx, idempotencyKey);
  try {
    return await client.call<T>(method, call, request);
  } catch (error) {
    throw translateContextError(error, vocabulary, placement);
  }
}

/** The caller as the service will see it: the services apply the same scope rules. */
export async function callContextOf(
  ctx: GatewayContext,
  idempotencyKey: string | null | undefined,
): Promise<CallContext> {
  const principal = principalOf(ctx);
  return {
    principal,
    teamMemberIds: await teamMemberIdsOf(ctx),
    correlationId: ctx.correlationId,
    idempotencyKey: idempotencyKey ?? null,
  };
}

export function commandResultOf(
  message: CommandResultMessage,
  correlationId: string,
): ShapedCommandResult {
  return {
    aggregateId: message.aggregateId,
    streamVersion: Number(message.streamVersion),
    replayed: message.replayed,
    createdId: message.createdId || null,
    eventTypes: message.eventTypes,
    correlationId: message.correlationId || correlationId,
    position: message.globalPosition || '0',
  };
}
