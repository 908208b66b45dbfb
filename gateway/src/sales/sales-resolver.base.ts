// What every sales resolver shares: the caller's record scope (salesScopeOf with their team), a
// scoped read-model query that may wait for the caller's own write (atLeastPosition), and a command
// sent to services/sales with the caller's identity, translated into GraphQL errors.
import { Role, salesScopeOf, type SalesRpcName, type SalesScope } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import { InvalidSalesQueryError } from '@crm/sales-read-models';
import { Inject } from '@nestjs/common';
import { Args } from '@nestjs/graphql';
import { principalOf, teamMemberIdsOf } from '../customers/customer-access';
import { type CallContext } from '../customers/grpc/customers-grpc.client';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import {
  AT_LEAST_POSITION_ARG,
  AT_LEAST_POSITION_DESCRIPTION,
  ReadConsistency,
} from '../read-consistency/read-consistency';
import { translateSalesError } from './sales-errors';
import {
  SALES_CLIENT,
  SALES_READ_MODELS,
  type SalesClient,
  type SalesReadModels,
} from './sales.ports';
import type { SalesCommandResult } from './sales.models';

/** Who reads sales records: the sales roles (in their scope) and auditors. */
export const SALES_READERS = [Role.ADMIN, Role.SALES_MANAGER, Role.SALES_REP, Role.AUDITOR];

/** The caller's sales record scope: reps their own, managers their team's. */
export async function salesScopeOfCaller(ctx: GatewayContext): Promise<SalesScope> {
  return salesScopeOf(principalOf(ctx), await teamMemberIdsOf(ctx));
}

export const atLeastPosition = () =>
  Args(AT_LEAST_POSITION_ARG, {
    type: () => String,
    nullable: true,
    description: AT_LEAST_POSITION_DESCRIPTION,
  });

/** Optional GraphQL strings become the proto's empty "absent" value. */
export const orEmpty = (value: string | null | undefined): string => value ?? '';

export abstract class SalesResolverBase {
  constructor(
    @Inject(SALES_CLIENT) protected readonly client: SalesClient,
    @Inject(SALES_READ_MODELS) protected readonly readModels: SalesReadModels,
    @Inject(ReadConsistency) protected readonly consistency: ReadConsistency,
  ) {}

  protected async scopeOf(ctx: GatewayContext): Promise<SalesScope> {
    return salesScopeOfCaller(ctx);
  }

  /** Runs a scoped read-model query; a query value the read model refuses is the client's error. */
  protected async read<T>(
    ctx: GatewayContext,
    position: string | null | undefined,
    projection: string,
    query: (tenantId: string, scope: SalesScope) => Promise<T>,
  ): Promise<T> {
    await this.consistency.atLeast(position, [projection]);
    try {
      return await query(principalOf(ctx).tenantId, await this.scopeOf(ctx));
    } catch (error) {
      if (error instanceof InvalidSalesQueryError) {
        throw new BadUserInputError(error.message, [
          { field: error.field, code: 'INVALID', message: error.message },
        ]);
      }
      throw error;
    }
  }

  /** Sends one RPC as the caller; its refusals become GraphQL errors. */
  protected async send<R>(
    ctx: GatewayContext,
    method: SalesRpcName,
    input: { idempotencyKey?: string | null },
    request: Record<string, unknown>,
    subjectId = '',
  ): Promise<R> {
    const call: CallContext = {
      principal: principalOf(ctx),
      teamMemberIds: await teamMemberIdsOf(ctx),
      correlationId: ctx.correlationId,
      idempotencyKey: input.idempotencyKey ?? null,
    };
    try {
      return await this.client.call<R>(method, call, request);
    } catch (error) {
      throw translateSalesError(error, subjectId);
    }
  }

  protected async command(
    ctx: GatewayContext,
    method: SalesRpcName,
    input: { idempotencyKey?: string | null },
    request: Record<string, unknown>,
    subjectId = '',
  ): Promise<SalesCommandResult> {
    const result = await this.send<P.CommandResult__Output>(ctx, method, input, request, subjectId);
    return {
      aggregateId: result.aggregateId,
      streamVersion: Number(result.streamVersion),
      replayed: result.replayed,
      createdId: result.createdId || null,
      eventTypes: result.eventTypes,
      correlationId: result.correlationId || ctx.correlationId,
      position: result.globalPosition || '0',
    };
  }
}
