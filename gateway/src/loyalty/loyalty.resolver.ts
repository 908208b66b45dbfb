// The loyalty API: queries answered from the read models (member balance, liability) or by the
// service (ledger check), mutations sent to services/loyalty. Every operation declares the roles of
// the RPC it sends (LOYALTY_RPC_ROLES, libs/access-policy); loyalty accounts are tenant-wide.
import { LOYALTY_RPC_ROLES, Role } from '@crm/access-policy';
import type * as P from '@crm/contracts/loyalty-grpc';
import type { ProgramDefinition } from '@crm/loyalty-domain';
import {
  LOYALTY_LIABILITY_PROJECTION,
  LOYALTY_MEMBER_PROJECTION,
  LOYALTY_PROGRAM_PROJECTION,
  type ProgramView,
} from '@crm/loyalty-read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { callContextOf } from '../grpc/context-commands';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import {
  AT_LEAST_POSITION_ARG,
  AT_LEAST_POSITION_DESCRIPTION,
  ReadConsistency,
} from '../read-consistency/read-consistency';
import {
  CUSTOMER_READ_MODELS,
  type CustomerReadModels,
} from '../customers/read/customer-read-models.port';
import { translateLoyaltyError } from './loyalty-errors';
import { programSettingsOf } from './loyalty-program-settings';
import { sharedContactKinds } from './referral-contacts';
import {
  LOYALTY_CLIENT,
  LOYALTY_READ_MODELS,
  type LoyaltyClient,
  type LoyaltyReadModels,
} from './loyalty.ports';
import {
  AdjustLoyaltyPointsInput,
  ApproveLoyaltyAdjustmentInput,
  ConfirmLoyaltyReservationInput,
  DefineLoyaltyProgramInput,
  EnrolLoyaltyMemberInput,
  LoyaltyCommandResult,
  LoyaltyEarnRuleKind,
  LoyaltyLedgerCheck,
  LoyaltyLiability,
  LoyaltyLiabilityAsOf,
  LoyaltyMember,
  LoyaltyProgram,
  LoyaltyTierBasis,
  LoyaltyTierCount,
  LoyaltyMemberAsOf,
  LoyaltyReferralCode,
  IssueLoyaltyReferralCodeInput,
  RecordLoyaltyPurchaseInput,
  RecordLoyaltyReferralInput,
  ReleaseLoyaltyReservationInput,
  ReserveLoyaltyPointsInput,
} from './loyalty.models';
import { systemClock } from '@crm/event-sourcing';

/** Who reads member balances: the front line, marketing and auditors. */
export const MEMBER_READERS = [...LOYALTY_RPC_ROLES.EnrolMember, Role.AUDITOR];
const LIABILITY_READERS = [Role.ADMIN, Role.AUDITOR];
const atLeastPosition = () =>
  Args(AT_LEAST_POSITION_ARG, {
    type: () => String,
    nullable: true,
    description: AT_LEAST_POSITION_DESCRIPTION,
  });

/** The benefits of a member's tier (null: the base tier, the program's first). */
function benefitsOf(program: ProgramView | null, tier: string | null) {
  const row = tier === null ? program?.tiers[0] : program?.tiers.find((t) => t.name === tier);
  return (row?.benefits ?? []).map((b) => ({ code: b.code, description: b.description }));
}

const UTC_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A past or present UTC day, or BAD_USER_INPUT naming asOf. */
function parseAsOfDay(asOf: string, today: string): string {
  const valid =
    UTC_DAY.test(asOf) && new Date(`${asOf}T00:00:00.000Z`).toISOString().startsWith(asOf);
  const problem = !valid
    ? 'must be a day YYYY-MM-DD'
    : asOf > today
      ? 'must not be in the future'
      : '';
  if (!problem) return asOf;
  throw new BadUserInputError(`asOf ${problem}`, [
    { field: 'asOf', code: 'INVALID', message: problem },
  ]);
}

function resultOf(message: P.CommandResult__Output, correlationId: string): LoyaltyCommandResult {
  return {
    aggregateId: message.aggregateId,
    streamVersion: Number(message.streamVersion),
    replayed: message.replayed,
    eventTypes: message.eventTypes,
    correlationId: message.correlationId || correlationId,
    position: message.globalPosition || '0',
  };
}

@Resolver()
export class LoyaltyResolver {
  constructor(
    @Inject(LOYALTY_CLIENT) private readonly client: LoyaltyClient,
    @Inject(LOYALTY_READ_MODELS) private readonly readModels: LoyaltyReadModels,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(CUSTOMER_READ_MODELS)
    private readonly customers: Pick<CustomerReadModels, 'customer360'>,
  ) {}

  private async send<T>(
    ctx: GatewayContext,
    method: keyof typeof LOYALTY_RPC_ROLES,
    request: Record<string, unknown>,
    idempotencyKey: string | null | undefined,
    subjectId = '',
  ): Promise<T> {
    const call = await callContextOf(ctx, idempotencyKey);
    try {
      return await this.client.call<T>(method, call, request);
    } catch (error) {
      throw translateLoyaltyError(error, subjectId);
    }
  }

  private async command(
    ctx: GatewayContext,
    method: keyof typeof LOYALTY_RPC_ROLES,
    input: { idempotencyKey?: string | null; memberId?: string },
    request: Record<string, unknown>,
  ): Promise<LoyaltyCommandResult> {
    const result = await this.send<P.CommandResult__Output>(
      ctx,
      method,
      request,
      input.idempotencyKey,
      input.memberId,
    );
    return resultOf(result, ctx.correlationId);
  }

  @Query(() => LoyaltyMember, {
    description: "A member's balance, tier and lots. NOT_FOUND when not enrolled.",
  })
  @AllowRoles(...MEMBER_READERS)
  async loyaltyMember(
    @Args('memberId', { type: () => ID }) memberId: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyMember> {
    await this.consistency.atLeast(position, [LOYALTY_MEMBER_PROJECTION]);
    const tenantId = principalOf(ctx).tenantId;
    const [member, program] = await Promise.all([
      this.readModels.member(tenantId, memberId),
      this.readModels.program(tenantId),
    ]);
    if (!member) throw new NotFoundError('Loyalty member', memberId);
    return {
      ...member,
      tierBenefits: benefitsOf(program, member.tier),
      lots: [...member.lots],
      pendingAdjustments: [...member.pendingAdjustments],
      tierHistory: [...member.tierHistory],
      churnFactors: [...member.churnFactors],
      referralFlags: [...member.referralFlags],
    };
  }

  @Query(() => LoyaltyMemberAsOf, {
    description:
      "Balance, valid lots and tier of a member as of a past instant, replayed from the member's events (not the read model), with the tier history up to it.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.GetMemberAsOf)
  async loyaltyMemberAsOf(
    @Args('memberId', { type: () => ID }) memberId: string,
    @Args('asOf', { type: () => String, description: 'ISO-8601 UTC, not in the future.' })
    asOf: string,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyMemberAsOf> {
    const m = await this.send<P.MemberAsOfResponse__Output>(
      ctx,
      'GetMemberAsOf',
      { memberId, asOf },
      null,
      memberId,
    );
    return {
      memberId,
      asOf: m.asOf,
      enrolled: m.enrolled,
      tier: m.tier || null,
      qualifyingPoints: m.qualifyingPoints,
      availablePoints: m.availablePoints,
      reservedPoints: m.reservedPoints,
      debtPoints: m.debtPoints,
      lots: m.lots,
      tierReviewAt: m.tierReviewAt || null,
      tierInGrace: m.tierInGrace,
      tierHistory: m.tierHistory.map((c) => ({ ...c, fromTier: c.fromTier || null })),
      events: m.events,
      tierProgress: m.tierProgress
        ? {
            basis: m.tierProgress.basis as LoyaltyTierBasis,
            current: m.tierProgress.current,
            nextTier: m.tierProgress.nextTier || null,
            toNextTier: m.tierProgress.toNextTier,
          }
        : null,
    };
  }

  @Query(() => LoyaltyLiability, {
    description: "The tenant's outstanding points and their flows.",
  })
  @AllowRoles(...LIABILITY_READERS)
  async loyaltyLiability(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyLiability> {
    await this.consistency.atLeast(position, [LOYALTY_LIABILITY_PROJECTION]);
    const tenantId = principalOf(ctx).tenantId;
    return (
      (await this.readModels.liability(tenantId)) ?? {
        tenantId,
        outstandingPoints: 0,
        earnedPoints: 0,
        redeemedPoints: 0,
        expiredPoints: 0,
        reversedPoints: 0,
        adjustedPoints: 0,
        referralPoints: 0,
        debtPoints: 0,
        members: 0,
        updatedAt: '',
      }
    );
  }

  @Query(() => LoyaltyProgram, {
    nullable: true,
    description:
      "The tenant's loyalty program with its tiers' benefits table; null before one is defined.",
  })
  @AllowRoles(...MEMBER_READERS)
  async loyaltyProgram(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyProgram | null> {
    await this.consistency.atLeast(position, [LOYALTY_PROGRAM_PROJECTION]);
    const found = await this.readModels.program(principalOf(ctx).tenantId);
    if (!found) return null;
    const { definition, ...program } = found;
    return {
      ...program,
      // The stored event JSON, validated against the ProgramDefined contract when appended.
      settings: definition ? programSettingsOf(definition as unknown as ProgramDefinition) : null,
      tiers: program.tiers.map((tier) => ({
        ...tier,
        benefits: tier.benefits.map((b) => ({ ...b })),
      })),
    };
  }

  @Query(() => [LoyaltyTierCount], {
    description: 'Members per tier of the program, lowest first (the tier mix).',
  })
  @AllowRoles(...LIABILITY_READERS)
  async loyaltyTierMix(
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyTierCount[]> {
    await this.consistency.atLeast(position, [
      LOYALTY_MEMBER_PROJECTION,
      LOYALTY_PROGRAM_PROJECTION,
    ]);
    return this.readModels.tierMix(principalOf(ctx).tenantId);
  }

  @Query(() => LoyaltyLiabilityAsOf, {
    description:
      "The tenant's points liability at the end of a past UTC day, and at each month-end before it (accounting close).",
  })
  @AllowRoles(...LIABILITY_READERS)
  async loyaltyLiabilityAsOf(
    @Args('asOf', { type: () => String, description: 'A day YYYY-MM-DD (UTC), not in the future.' })
    asOf: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyLiabilityAsOf> {
    const day = parseAsOfDay(asOf, systemClock.now().toISOString().slice(0, 10));
    await this.consistency.atLeast(position, [LOYALTY_LIABILITY_PROJECTION]);
    const view = await this.readModels.liabilityAsOf(principalOf(ctx).tenantId, day);
    return { ...view, monthEnds: view.monthEnds.map((m) => ({ ...m })) };
  }

  @Query(() => LoyaltyLedgerCheck, {
    description: "Replays the member's ledger in the service and checks it.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.VerifyMember)
  async verifyLoyaltyMember(
    @Args('memberId', { type: () => ID }) memberId: string,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyLedgerCheck> {
    return this.send<LoyaltyLedgerCheck>(ctx, 'VerifyMember', { memberId }, null, memberId);
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: "Defines or replaces the tenant's loyalty program.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.DefineProgram)
  defineLoyaltyProgram(
    @Args('input') input: DefineLoyaltyProgramInput,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyCommandResult> {
    return this.command(ctx, 'DefineProgram', input, {
      program: {
        name: input.name,
        currency: input.currency,
        timeZone: input.timeZone,
        autoEnrol: input.autoEnrol,
        earnRules: input.earnRules.map((rule) => ({
          ruleId: rule.ruleId,
          kind:
            rule.kind === LoyaltyEarnRuleKind.AMOUNT
              ? 'EARN_RULE_KIND_AMOUNT'
              : 'EARN_RULE_KIND_UNIT',
          points: rule.points,
          perAmount: rule.perAmount ?? '',
          category: rule.category ?? '',
          capPoints: rule.capPoints ?? 0,
        })),
        tiers: input.tiers,
        promotions: input.promotions,
        lotLifetime: input.lotExpiryMonthDay
          ? { fixedMonthDay: input.lotExpiryMonthDay }
          : input.lotLifetimeMonths
            ? { rollingMonths: input.lotLifetimeMonths }
            : {},
        adjustmentApprovalThreshold: input.adjustmentApprovalThreshold,
        ...(input.tierWindowMonths != null
          ? {
              tierReview: {
                windowMonths: input.tierWindowMonths,
                graceDays: input.tierGraceDays ?? 0,
                basis: input.tierBasis ?? '',
                period: input.tierPeriod ?? '',
              },
            }
          : {}),
        ...(input.referralRefereePoints != null || input.referralReferrerPoints != null
          ? {
              referralReward: {
                refereePoints: input.referralRefereePoints ?? 0,
                referrerPoints: input.referralReferrerPoints ?? 0,
                returnWindowDays: input.referralReturnWindowDays ?? 0,
              },
            }
          : {}),
      },
    });
  }

  @Mutation(() => LoyaltyReferralCode, {
    description: "The member's referral code: issued on the first call, the same code afterwards.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.IssueReferralCode)
  async issueLoyaltyReferralCode(
    @Args('input') input: IssueLoyaltyReferralCodeInput,
    @Context() ctx: GatewayContext,
  ): Promise<LoyaltyReferralCode> {
    const issued = await this.send<P.IssueReferralCodeResponse__Output>(
      ctx,
      'IssueReferralCode',
      { memberId: input.memberId },
      input.idempotencyKey,
      input.memberId,
    );
    return {
      code: issued.code,
      streamVersion: Number(issued.result?.streamVersion ?? 0),
      position: issued.result?.globalPosition || '0',
    };
  }

  @Mutation(() => LoyaltyCommandResult, {
    description:
      "Records who referred a new member (before the member's first order); both are rewarded when that first order is placed. Self-referral and a second referral are refused.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.RecordReferral)
  async recordLoyaltyReferral(
    @Args('input') input: RecordLoyaltyReferralInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'RecordReferral', input, {
      memberId: input.memberId,
      referralCode: input.referralCode,
      ...(await this.sharedContacts(principalOf(ctx).tenantId, input)),
    });
  }

  /**
   * Which contact kinds the referee shares with the code's owner, from the customers read model
   * (loyalty holds no contacts). The service applies them only if the owner is the one it resolves.
   */
  private async sharedContacts(
    tenantId: string,
    input: { memberId: string; referralCode: string },
  ): Promise<{ sharedContacts?: string[]; contactsCheckedAgainst?: string }> {
    const referrerId = await this.readModels.memberIdByReferralCode(tenantId, input.referralCode);
    if (!referrerId) return {};
    const [referee, referrer] = await Promise.all([
      this.customers.customer360(tenantId, input.memberId),
      this.customers.customer360(tenantId, referrerId),
    ]);
    if (!referee || !referrer) return {};
    return {
      sharedContacts: sharedContactKinds(referee.contacts, referrer.contacts),
      contactsCheckedAgainst: referrerId,
    };
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: 'Enrols a customer in the program by hand.',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.EnrolMember)
  enrolLoyaltyMember(
    @Args('input') input: EnrolLoyaltyMemberInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'EnrolMember', input, { memberId: input.memberId });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: 'A purchase from another channel earns like an order, once.',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.RecordPurchase)
  recordLoyaltyPurchase(
    @Args('input') input: RecordLoyaltyPurchaseInput,
    @Context() ctx: GatewayContext,
  ) {
    const { idempotencyKey: _key, ...request } = input;
    return this.command(ctx, 'RecordPurchase', input, {
      ...request,
      lines: input.lines.map((l) => ({
        category: l.category,
        quantity: l.quantity,
        unitPrice: l.unitPrice ?? '',
      })),
    });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: 'Sets points aside at checkout (closest expiry first).',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.ReservePoints)
  reserveLoyaltyPoints(
    @Args('input') input: ReserveLoyaltyPointsInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'ReservePoints', input, {
      memberId: input.memberId,
      reservationId: input.reservationId,
      points: input.points,
      orderId: input.orderId ?? '',
    });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: 'Redeems a reservation: its points are spent.',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.ConfirmReservation)
  confirmLoyaltyReservation(
    @Args('input') input: ConfirmLoyaltyReservationInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'ConfirmReservation', input, {
      memberId: input.memberId,
      reservationId: input.reservationId,
    });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: 'Abandons a reservation: its points return to their lots.',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.ReleaseReservation)
  releaseLoyaltyReservation(
    @Args('input') input: ReleaseLoyaltyReservationInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'ReleaseReservation', input, {
      memberId: input.memberId,
      reservationId: input.reservationId,
    });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description:
      'A manual credit or debit with a reason; above the threshold it waits for approval.',
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.AdjustPoints)
  adjustLoyaltyPoints(
    @Args('input') input: AdjustLoyaltyPointsInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'AdjustPoints', input, {
      memberId: input.memberId,
      adjustmentId: input.adjustmentId,
      points: input.points,
      reason: input.reason,
      expiresAt: input.expiresAt ?? '',
    });
  }

  @Mutation(() => LoyaltyCommandResult, {
    description: "Approves another user's pending adjustment.",
  })
  @AllowRoles(...LOYALTY_RPC_ROLES.ApproveAdjustment)
  approveLoyaltyAdjustment(
    @Args('input') input: ApproveLoyaltyAdjustmentInput,
    @Context() ctx: GatewayContext,
  ) {
    return this.command(ctx, 'ApproveAdjustment', input, {
      memberId: input.memberId,
      adjustmentId: input.adjustmentId,
    });
  }
}
