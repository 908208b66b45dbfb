// One mutation per command of proto/customers.proto. Roles per mutation are declared here; the
// record-level scope is checked by CustomerCommands before anything is sent.
import type * as P from '@crm/contracts/customers-grpc';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CUSTOMER_SALES, CUSTOMER_WRITERS, ownerAssignmentProblem } from '@crm/access-policy';
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
import {
  AddContactInput,
  AssignOwnerInput,
  ChangeLifecycleStatusInput,
  ConsentInput,
  ContactRefInput,
  DeclareCustomFieldInput,
  ErasePersonalDataInput,
  MergeCustomersInput,
  RecordChannelInput,
  RecordInteractionInput,
  RecordPurchaseInput,
  RegisterCustomerInput,
  SetCustomFieldValuesInput,
  SetDemographicsInput,
  TagsInput,
  UpdateProfileInput,
} from './inputs/customer-commands.inputs';
import { ImportCustomersInput } from './inputs/import.inputs';
import { CommandResult, ImportJob, RegisterCustomerPayload } from './models/command-results.model';

/** Roles that maintain customer records (each within their record scope), as the service has them. */
const WRITERS = CUSTOMER_WRITERS;
const SALES = CUSTOMER_SALES;

@Resolver()
export class CustomerMutationsResolver {
  constructor(@Inject(CustomerCommands) private readonly commands: CustomerCommands) {}

  /** Sends the command `method` with the request derived from `input` (its fields mirror the proto). */
  private async command<M extends P.CustomersCommandRpc>(
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
    // Every CustomersCommandRpc answers a CommandResult; TS cannot narrow the generic M itself.
    return commandResultFromProto(result as P.CommandResult__Output, ctx.correlationId);
  }

  @Mutation(() => RegisterCustomerPayload, {
    description:
      'Registers a person or company. Sales reps and managers own what they register unless they say otherwise.',
  })
  @AllowRoles(...WRITERS)
  async registerCustomer(
    @Args('input') input: RegisterCustomerInput,
    @Context() ctx: GatewayContext,
  ): Promise<RegisterCustomerPayload> {
    const principal = principalOf(ctx);
    const ownsByDefault =
      principal.roles.includes(Role.SALES_REP) || principal.roles.includes(Role.SALES_MANAGER);
    const owner = {
      ownerUserId:
        input.ownerUserId ??
        (ownsByDefault && !principal.roles.includes(Role.ADMIN) ? principal.userId : null),
      teamId:
        input.teamId ??
        (ownsByDefault && !principal.roles.includes(Role.ADMIN) ? principal.teamId : null),
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
  @AllowRoles(...WRITERS)
  updateCustomerProfile(
    @Args('input') input: UpdateProfileInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    assertSomethingToChange(input);
    return this.command(ctx, 'UpdateProfile', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...SALES)
  changeLifecycleStatus(
    @Args('input') input: ChangeLifecycleStatusInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'ChangeLifecycleStatus', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description: 'Admins assign anyone; sales managers within their team.',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER)
  async assignCustomerOwner(
    @Args('input') input: AssignOwnerInput,
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
    description: 'Adds an e-mail, phone or address; result.createdId is the contact id.',
  })
  @AllowRoles(...WRITERS)
  addCustomerContact(
    @Args('input') input: AddContactInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'AddContact', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS)
  setPrimaryContact(
    @Args('input') input: ContactRefInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'SetPrimaryContact', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description: 'Removing a primary contact promotes the oldest remaining one of its kind.',
  })
  @AllowRoles(...WRITERS)
  removeCustomerContact(
    @Args('input') input: ContactRefInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'RemoveContact', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS)
  recordCustomerChannel(
    @Args('input') input: RecordChannelInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'RecordChannel', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS)
  setCustomerDemographics(
    @Args('input') input: SetDemographicsInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'SetDemographics', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS, Role.MARKETER)
  tagCustomer(
    @Args('input') input: TagsInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'TagCustomer', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS, Role.MARKETER)
  untagCustomer(
    @Args('input') input: TagsInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'UntagCustomer', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description:
      'Declares a tenant-wide custom field (re-declaring with the same type is allowed).',
  })
  @AllowRoles(Role.ADMIN)
  declareCustomField(
    @Args('input') input: DeclareCustomFieldInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'DeclareCustomField', input, []);
  }

  @Mutation(() => CommandResult, {
    description:
      'Sets or clears custom field values; unknown fields are refused (UNKNOWN_CUSTOM_FIELD).',
  })
  @AllowRoles(...WRITERS)
  setCustomFieldValues(
    @Args('input') input: SetCustomFieldValuesInput,
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
    description:
      'Records a call, e-mail, meeting, chat or visit; result.createdId is the interaction id.',
  })
  @AllowRoles(...WRITERS)
  recordInteraction(
    @Args('input') input: RecordInteractionInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'RecordInteraction', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description: 'Records an order; the same orderId twice is a no-op (replayed: true).',
  })
  @AllowRoles(...SALES)
  recordPurchase(
    @Args('input') input: RecordPurchaseInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'RecordPurchase', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS, Role.MARKETER)
  grantConsent(
    @Args('input') input: ConsentInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'GrantConsent', input, [input.customerId]);
  }

  @Mutation(() => CommandResult)
  @AllowRoles(...WRITERS, Role.MARKETER)
  withdrawConsent(
    @Args('input') input: ConsentInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'WithdrawConsent', input, [input.customerId]);
  }

  @Mutation(() => CommandResult, {
    description: 'Merges mergedCustomerId into survivorCustomerId; the merged customer is closed.',
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER)
  mergeCustomers(
    @Args('input') input: MergeCustomersInput,
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

  @Mutation(() => CommandResult, {
    description: 'Crypto-shreds the person’s personal data. Irreversible.',
  })
  @AllowRoles(Role.ADMIN)
  erasePersonalData(
    @Args('input') input: ErasePersonalDataInput,
    @Context() ctx: GatewayContext,
  ): Promise<CommandResult> {
    return this.command(ctx, 'ErasePersonalData', input, [input.customerId]);
  }
}
