// One mutation per command of proto/customers.proto. Roles per mutation are declared here; the
// record-level scope is checked by CustomerCommands before anything is sent.
import type * as P from '@crm/contracts/customers-grpc';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CUSTOMERS_RPC_ROLES, CUSTOMER_WRITERS, ownerAssignmentProblem } from '@crm/access-policy';
import { AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { type GatewayContext } from '../graphql/gateway-context';
import { ForbiddenError } from '../graphql/gateway-errors';
import { principalOf } from './customer-access';
import { assertImportOwnership } from './import-rules';
import { CustomerCommands } from './customer-commands';
import {
  assertDistinctCustomFields,
  assertSomethingToChange,
  commandResultFromProto,
  customersRequests,
  duplicateCandidateFromProto,
  importJobFromProto,
  startImportRequest,
} from './grpc/customer-command.mappers';
import * as I from './inputs/generated/customer-commands.inputs';
import { ImportCustomersInput } from './inputs/import.inputs';
import { CommandResult, ImportJob, RegisterCustomerPayload } from './models/command-results.model';

type CommandArgs = { customerId?: string; idempotencyKey?: string | null };
type InputClass = new () => CommandArgs;

@Resolver()
export class CustomerMutationsResolver {
  constructor(@Inject(CustomerCommands) private readonly commands: CustomerCommands) {}

  /**
   * Sends the command `method` with the request derived from `input` (its fields mirror the proto).
   * Not private: the PLAIN_COMMANDS methods bound below call it.
   */
  async command<M extends P.CustomersCommandRpc>(
    ctx: GatewayContext,
    method: M,
    input: { idempotencyKey?: string | null },
    customerIds: readonly string[],
    mapField?: (field: string) => string,
  ): Promise<CommandResult> {
    const request = customersRequests.request(method, input) as P.CustomersRequest<M>;
    const result = await this.commands.send(ctx, method, request, {
      customerIds,
      idempotencyKey: input.idempotencyKey,
      ...(mapField ? { mapField } : {}),
    });
    return commandResultFromProto(result, ctx.correlationId);
  }

  @Mutation(() => RegisterCustomerPayload, {
    description:
      'Registers a person or company. Sales reps and managers own what they register unless they say otherwise.',
  })
  @AllowRoles(...CUSTOMER_WRITERS)
  async registerCustomer(
    @Args('input') input: I.RegisterCustomerInput,
    @Context() ctx: GatewayContext,
  ): Promise<RegisterCustomerPayload> {
    const principal = principalOf(ctx);
    const has = (role: Role): boolean => principal.roles.includes(role);
    const ownsByDefault = (has(Role.SALES_REP) || has(Role.SALES_MANAGER)) && !has(Role.ADMIN);
    const owner = {
      ownerUserId: input.ownerUserId ?? (ownsByDefault ? principal.userId : null),
      teamId: input.teamId ?? (ownsByDefault ? principal.teamId : null),
    };
    const problem = ownerAssignmentProblem(principal, await ctx.loaders.teamMemberIds(), owner);
    if (problem) throw new ForbiddenError(problem);
    const request = customersRequests.request('RegisterCustomer', { ...input, ...owner });
    const response = await this.commands.send(ctx, 'RegisterCustomer', request, {
      idempotencyKey: input.idempotencyKey,
    });
    const result = commandResultFromProto(response.result, ctx.correlationId);
    const duplicates = await this.commands.visibleCandidates(
      ctx,
      (response.possibleDuplicates ?? []).map(duplicateCandidateFromProto),
    );
    return { customerId: result.customerId, result, possibleDuplicates: duplicates };
  }

  @Mutation(() => CommandResult, {
    description:
      'Changes name, company details, national id or bank card; only given fields change.',
  })
  @AllowRoles(...CUSTOMER_WRITERS)
  updateCustomerProfile(
    @Args('input') input: I.UpdateProfileInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    assertSomethingToChange(input);
    return this.command(ctx, 'UpdateProfile', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description: 'Admins assign anyone; sales managers within their team.',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER)
  async assignCustomerOwner(
    @Args('input') input: I.AssignOwnerInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    const target = { ownerUserId: input.ownerUserId ?? null, teamId: input.teamId ?? null };
    const problem = ownerAssignmentProblem(
      principalOf(ctx),
      await ctx.loaders.teamMemberIds(),
      target,
    );
    if (problem) throw new ForbiddenError(problem);
    return this.command(ctx, 'AssignOwner', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description:
      'Sets or clears custom field values; unknown fields are refused (UNKNOWN_CUSTOM_FIELD).',
  })
  @AllowRoles(...CUSTOMER_WRITERS)
  setCustomFieldValues(
    @Args('input') input: I.SetCustomFieldValuesInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    // The service names custom fields by name (`customFields.shoeSize`); clients know the list index.
    const mapField = (field: string): string => {
      const name = /^customFields\.([A-Za-z0-9_]+)/.exec(field)?.[1];
      const index = name === undefined ? -1 : input.values.findIndex((v) => v.name === name);
      return index < 0 ? field : `values[${index}].name`;
    };
    assertDistinctCustomFields(input);
    return this.command(ctx, 'SetCustomFieldValues', input, [input.customerId], mapField);
  }

  @Mutation(() => CommandResult, {
    description: 'Merges mergedCustomerId into survivorCustomerId; the merged customer is closed.',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER)
  mergeCustomers(
    @Args('input') input: I.MergeCustomersInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    const ids = [input.survivorCustomerId, input.mergedCustomerId];
    return this.command(ctx, 'MergeCustomers', input, ids);
  }

  @Mutation(() => ImportJob, {
    description: 'Starts a CSV import in the background; poll importStatus(id).',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER)
  async importCustomers(
    @Args('input') input: ImportCustomersInput,
    @Context() ctx: GatewayContext,
  ): Promise<ImportJob> {
    assertImportOwnership(
      principalOf(ctx),
      await ctx.loaders.teamMemberIds(),
      input.options,
      input.mapping,
    );
    const status = await this.commands.send(ctx, 'StartImport', startImportRequest(input), {
      idempotencyKey: input.idempotencyKey,
    });
    return importJobFromProto(status);
  }
}

/**
 * The mutations that only check the customer's scope and send one command: each becomes a method
 * of the resolver, bound like the ones above (`@Mutation`, `@AllowRoles` with the RPC's roles from
 * the shared policy, `@Args('input')`, `@Context()`), so one entry here is all such a command costs.
 */
const PLAIN_COMMANDS: Record<string, [P.CustomersCommandRpc, InputClass, string?]> = {
  changeLifecycleStatus: ['ChangeLifecycleStatus', I.ChangeLifecycleStatusInput],
  addCustomerContact: [
    'AddContact',
    I.AddContactInput,
    'Adds an e-mail, phone or address; result.createdId is the contact id.',
  ],
  setPrimaryContact: ['SetPrimaryContact', I.ContactRefInput],
  removeCustomerContact: [
    'RemoveContact',
    I.ContactRefInput,
    'Removing a primary contact promotes the oldest remaining one of its kind.',
  ],
  recordCustomerChannel: ['RecordChannel', I.RecordChannelInput],
  setCustomerDemographics: ['SetDemographics', I.SetDemographicsInput],
  tagCustomer: ['TagCustomer', I.TagsInput],
  untagCustomer: ['UntagCustomer', I.TagsInput],
  declareCustomField: [
    'DeclareCustomField',
    I.DeclareCustomFieldInput,
    'Declares a tenant-wide custom field (re-declaring with the same type is allowed).',
  ],
  recordInteraction: [
    'RecordInteraction',
    I.RecordInteractionInput,
    'Records a call, e-mail, meeting, chat or visit; result.createdId is the interaction id.',
  ],
  recordPurchase: [
    'RecordPurchase',
    I.RecordPurchaseInput,
    'Records an order; the same orderId twice is a no-op (replayed: true).',
  ],
  grantConsent: ['GrantConsent', I.ConsentInput],
  withdrawConsent: ['WithdrawConsent', I.ConsentInput],
  erasePersonalData: [
    'ErasePersonalData',
    I.ErasePersonalDataInput,
    'Crypto-shreds the person’s personal data. Irreversible.',
  ],
};
for (const [name, [rpc, input, description]] of Object.entries(PLAIN_COMMANDS)) {
  const prototype = CustomerMutationsResolver.prototype;
  const handler = {
    [name](this: CustomerMutationsResolver, args: CommandArgs, ctx: GatewayContext) {
      // A tenant-wide command (DeclareCustomField) names no customer to scope.
      const customerIds = args.customerId === undefined ? [] : [args.customerId];
      return this.command(ctx, rpc, args, customerIds);
    },
  };
  const descriptor = Object.getOwnPropertyDescriptor(handler, name)!;
  Object.defineProperty(prototype, name, descriptor);
  // What TypeScript's decorator metadata would record: the input class the validation pipe builds.
  Reflect.defineMetadata('design:paramtypes', [input, Object], prototype, name);
  Args('input', { type: () => input })(prototype, name, 0);
  Context()(prototype, name, 1);
  AllowRoles(...CUSTOMERS_RPC_ROLES[rpc])(prototype, name, descriptor);
  Mutation(() => CommandResult, description ? { description } : {})(prototype, name, descriptor);
}
