// The SLA dashboard: per team or agent, within the caller's ticket scope (agents: their own and
// unassigned tickets; leads: their team's; admins and auditors: the tenant's), the open tickets
// with breached, warned and escalated counts, the SLA met % of the tickets resolved in a period
// (default: the last 30 days), and the open tickets most at risk — from the agent queue read model.
import { SERVICE_DESK_RPC_ROLES, ticketScopeOf } from '@crm/access-policy';
import { TICKET_QUEUE_PROJECTION, type SlaDashboardRow } from '@crm/service-desk-read-models';
import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import { atLeastPositionArg, ReadConsistency } from '../read-consistency/read-consistency';
import { ticketOf } from './service-desk.resolver';
import { Ticket } from './service-desk.models';
import { SERVICE_DESK_READ_MODELS, type ServiceDeskReadModels } from './service-desk.ports';

export enum SlaDashboardGrouping {
  AGENT = 'agent',
  TEAM = 'team',
}
registerEnumType(SlaDashboardGrouping, { name: 'SlaDashboardGrouping' });

@ObjectType({ description: 'SLA figures of one team or agent (or of everything in scope).' })
export class SlaDashboardLine implements SlaDashboardRow {
  @Field(() => ID, { nullable: true, description: 'The team or agent; null: nobody / the total.' })
  key!: string | null;
  @Field(() => Int, { description: 'Open tickets.' }) open!: number;
  @Field(() => Int, { description: 'Open tickets that breached a target.' }) breached!: number;
  @Field(() => Int, { description: 'Open tickets past a warning, not breached.' }) warned!: number;
  @Field(() => Int, { description: 'Open tickets on the escalation ladder.' }) escalated!: number;
  @Field(() => Int, { description: 'Tickets resolved in the period.' }) resolved!: number;
  @Field(() => Int, { description: 'Of those, resolved without any breach.' })
  resolvedWithinSla!: number;
  @Field(() => Float, { nullable: true, description: 'SLA met %, 0-100; null: none resolved.' })
  slaMetPercent!: number | null;
}

@ObjectType({ description: 'The SLA dashboard of the tickets in your scope.' })
export class SlaDashboardView {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => SlaDashboardLine) total!: SlaDashboardLine;
  @Field(() => [SlaDashboardLine], { description: 'Most breached first.' })
  rows!: SlaDashboardLine[];
  @Field(() => [Ticket], { description: 'Breached first, then warned by nearest due.' })
  atRisk!: Ticket[];
}

const DAY_MS = 86_400_000;

function instant(name: string, value: string | null | undefined, fallback: Date): Date {
  if (!value) return fallback;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()))
    throw new BadUserInputError(`${name} is not an ISO-8601 instant.`, [
      {
        field: name,
        code: 'INVALID_INSTANT',
        message: 'an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z',
      },
    ]);
  return parsed;
}

/** A dashboard's period: `to` (default now) and `from` (default 30 days before), checked. */
export function periodOf(
  from: string | null | undefined,
  to: string | null | undefined,
): { from: Date; to: Date } {
  const until = instant('to', to, new Date());
  const since = instant('from', from, new Date(until.getTime() - 30 * DAY_MS));
  if (since.getTime() >= until.getTime())
    throw new BadUserInputError('from must be before to.', [
      { field: 'from', code: 'INVALID_PERIOD', message: 'before to' },
    ]);
  return { from: since, to: until };
}

@Resolver()
export class SlaDashboardResolver {
  constructor(
    @Inject(SERVICE_DESK_READ_MODELS) private readonly readModels: ServiceDeskReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  @Query(() => SlaDashboardView, { description: 'The SLA dashboard within your ticket scope.' })
  @AllowRoles(...SERVICE_DESK_RPC_ROLES.GetSlaClock)
  async slaDashboard(
    @Args('groupBy', { type: () => SlaDashboardGrouping }) groupBy: SlaDashboardGrouping,
    @Args('from', {
      type: () => String,
      nullable: true,
      description: 'ISO instant, inclusive; default 30 days before `to`.',
    })
    from: string | null | undefined,
    @Args('to', { type: () => String, nullable: true, description: 'ISO instant; default now.' })
    to: string | null | undefined,
    @atLeastPositionArg() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SlaDashboardView> {
    const { from: since, to: until } = periodOf(from, to);
    await this.consistency.atLeast(position, [TICKET_QUEUE_PROJECTION]);
    const principal = principalOf(ctx);
    const dashboard = await this.readModels.slaDashboard(
      principal.tenantId,
      ticketScopeOf(principal),
      { groupBy, from: since, to: until },
    );
    return {
      from: since.toISOString(),
      to: until.toISOString(),
      total: dashboard.total,
      rows: [...dashboard.rows],
      atRisk: dashboard.atRisk.map(ticketOf),
    };
  }
}
