// Care tasks in GraphQL: the list an agent works through (their own and the unassigned ones; a
// lead also sees their team's; admins and auditors all), soonest due first, from the care-task
// read model; completing or dismissing one goes to services/service-desk, which checks the same
// scope on the task as stored.
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import { CARE_TASK_DISMISS_REASONS } from '@crm/service-desk-domain';
import {
  CARE_TASKS_MAX_LIMIT,
  CARE_TASKS_PROJECTION,
  type CareTaskView,
} from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import { sendServiceDeskCommand } from './service-desk.errors';
import { TicketCommandResult } from './service-desk.models';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from './service-desk.ports';

export enum CareTaskStatus {
  OPEN = 'open',
  COMPLETED = 'completed',
  DISMISSED = 'dismissed',
}
registerEnumType(CareTaskStatus, { name: 'CareTaskStatus' });

const DismissReasons = Object.fromEntries(
  CARE_TASK_DISMISS_REASONS.map((reason) => [reason.toUpperCase(), reason]),
);
registerEnumType(DismissReasons, { name: 'CareTaskDismissReason' });

@ObjectType({
  description: 'A task to contact a customer: birthday, follow-up, warranty end, detractor.',
})
export class CareTask {
  @Field(() => ID) taskId!: string;
  @Field(() => String, {
    description: 'birthday, purchase_follow_up, warranty_expiry or detractor_follow_up.',
  })
  kind!: string;
  @Field(() => CareTaskStatus) status!: CareTaskStatus;
  @Field(() => String, { description: 'When to act (ISO).' }) dueAt!: string;
  @Field(() => String) openedAt!: string;
  @Field(() => ID, { nullable: true }) customerId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The purchase it follows.' })
  orderId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The rated ticket (detractor).' })
  ticketId!: string | null;
  @Field(() => Int, { nullable: true, description: 'The detractor score (CSAT 1-2, NPS 0-6).' })
  score!: number | null;
  @Field(() => ID, { nullable: true, description: 'Who should act; null: unassigned.' })
  assigneeId!: string | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => String, { nullable: true }) closedAt!: string | null;
  @Field(() => ID, { nullable: true }) closedBy!: string | null;
  @Field(() => String, { nullable: true }) dismissReason!: string | null;
}

@InputType()
export class CompleteCareTaskInput extends IdempotentCommandInput {
  @Field(() => ID) taskId!: string;
}

@InputType()
export class DismissCareTaskInput extends CompleteCareTaskInput {
  @Field(() => DismissReasons) reason!: string;
}

const careTaskOf = (view: CareTaskView): CareTask => ({
  taskId: view.taskId,
  kind: view.kind,
  status: view.status as CareTaskStatus,
  dueAt: view.dueAt,
  openedAt: view.openedAt,
  customerId: view.customerId ?? null,
  orderId: view.orderId ?? null,
  ticketId: view.ticketId ?? null,
  score: view.score ?? null,
  assigneeId: view.assigneeId ?? null,
  teamId: view.teamId ?? null,
  closedAt: view.closedAt ?? null,
  closedBy: view.closedBy ?? null,
  dismissReason: view.dismissReason ?? null,
});

@Resolver()
export class CareTasksResolver {
  constructor(
    @Inject(SERVICE_DESK_CLIENT) private readonly client: ServiceDeskClient,
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => [CareTask], {
    description:
      'Care tasks in your scope (yours and unassigned; leads: the team’s; admins: all), soonest due first.',
  })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  async careTasks(
    @Args('statuses', {
      type: () => [CareTaskStatus],
      nullable: true,
      description: 'Default: open.',
    })
    statuses: CareTaskStatus[] | null | undefined,
    @Args('dueBefore', { type: () => String, nullable: true, description: 'ISO instant.' })
    dueBefore: string | null | undefined,
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null | undefined,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      description: `1-${CARE_TASKS_MAX_LIMIT}, default 50.`,
    })
    limit: number | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<CareTask[]> {
    await this.consistency.atLeast(position, [CARE_TASKS_PROJECTION]);
    const principal = principalOf(ctx);
    const views = await this.readModels.careTasks(principal.tenantId, ticketScopeOf(principal), {
      statuses: statuses?.length ? statuses : [CareTaskStatus.OPEN],
      ...(dueBefore && { dueBefore }),
      ...(customerId && { customerId }),
      ...(limit && { limit }),
    });
    return views.map(careTaskOf);
  }

  @Mutation(() => TicketCommandResult, { description: 'The task is done; aggregateId: the task.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.CompleteCareTask)
  completeCareTask(@Args('input') input: CompleteCareTaskInput, @Context() ctx: GatewayContext) {
    return sendServiceDeskCommand(
      this.client,
      ctx,
      'CompleteCareTask',
      { taskId: input.taskId },
      input.idempotencyKey,
      input.taskId,
    );
  }

  @Mutation(() => TicketCommandResult, { description: 'The task is dropped, with a reason.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.DismissCareTask)
  dismissCareTask(@Args('input') input: DismissCareTaskInput, @Context() ctx: GatewayContext) {
    return sendServiceDeskCommand(
      this.client,
      ctx,
      'DismissCareTask',
      { taskId: input.taskId, reason: input.reason },
      input.idempotencyKey,
      input.taskId,
    );
  }
}
