// Sends customer commands to services/customers: checks the record-level scope first, sends the
// caller taken from the token (never from arguments; the client signs it into a service call token,
// with the team's members when the scope needs them), and translates service errors.
import type {
  CustomersRequest,
  CustomersResponse,
  CustomersUnaryRpc,
} from '@crm/contracts/customers-grpc';
import { Inject, Injectable } from '@nestjs/common';
import { scopeIncludes } from '@crm/access-policy';
import { type GatewayContext } from '../graphql/gateway-context';
import { type ErrorPlacement } from '../grpc/context-errors';
import { callContextOf, sendToContext } from '../grpc/context-commands';
import { CustomerAccess, principalOf } from './customer-access';
import { type CustomersGrpcClient } from './grpc/customers-grpc.client';
import { CUSTOMERS_ERRORS, translateCustomersError } from './grpc/customers-errors';
import { type DuplicateCandidate } from './models/command-results.model';
import { CUSTOMER_READ_MODELS, type CustomerReadModels } from './read/customer-read-models.port';

export type CustomersClient = Pick<CustomersGrpcClient, 'call' | 'streamImport' | 'waitForReady'>;
export const CUSTOMERS_CLIENT = Symbol('CUSTOMERS_CLIENT');

@Injectable()
export class CustomerCommands {
  constructor(
    @Inject(CUSTOMERS_CLIENT) private readonly client: CustomersClient,
    @Inject(CustomerAccess) private readonly access: CustomerAccess,
    @Inject(CUSTOMER_READ_MODELS) private readonly readModels: CustomerReadModels,
  ) {}

  /**
   * Calls `method` after checking that every id in `customerIds` is within the caller's scope.
   * Service field violations come back under `argumentName` (`input.contacts[0].email`).
   */
  async send<M extends CustomersUnaryRpc>(
    ctx: GatewayContext,
    method: M,
    request: CustomersRequest<M>,
    options: ErrorPlacement & {
      customerIds?: readonly string[];
      idempotencyKey?: string | null | undefined;
    } = {},
  ): Promise<CustomersResponse<M>> {
    for (const id of options.customerIds ?? []) await this.access.assertInScope(ctx, id);
    return sendToContext(
      this.client,
      CUSTOMERS_ERRORS,
      ctx,
      method,
      request,
      options.idempotencyKey,
      {
        subjectId: options.customerIds?.[0] ?? '',
        ...options,
      },
    );
  }

  /** Streams an uploaded CSV to the service (StreamImport) as its bytes arrive. */
  async streamImport<Response>(
    ctx: GatewayContext,
    start: Record<string, unknown>,
    csv: AsyncIterable<Buffer>,
    idempotencyKey: string | null,
  ): Promise<Response> {
    const call = await callContextOf(ctx, idempotencyKey);
    try {
      return await this.client.streamImport<Response>(call, start, csv);
    } catch (error) {
      throw translateCustomersError(error, { argumentName: 'form' });
    }
  }

  /** Drops duplicate candidates the caller may not see, so the answer leaks no existence. */
  async visibleCandidates(
    ctx: GatewayContext,
    candidates: DuplicateCandidate[],
  ): Promise<DuplicateCandidate[]> {
    const scope = await ctx.loaders.customerScope();
    if (scope.kind === 'tenant') return candidates;
    const principal = principalOf(ctx);
    const visible = await Promise.all(
      candidates.map(async (c) => {
        const customer = await this.readModels.customer360(principal.tenantId, c.customerId);
        return customer !== null && scopeIncludes(scope, customer);
      }),
    );
    return candidates.filter((_, i) => visible[i]);
  }
}
