// gRPC controller of crm.loyalty.v1.LoyaltyService: parses requests into commands, runs them
// through the application and maps results and errors back. Every call is logged once with its
// correlation id. Who calls comes only from the token the LoyaltyCallerGuard verified.
import { requestMetaOf, serveRpc, toCommandResult } from '@crm/grpc-service';
import { mayCallLoyaltyRpc, principalOfCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/loyalty-grpc';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { LoyaltyApplication, type RequestMeta } from '../application/loyalty.application';
import { LOYALTY_LOGGER, LOYALTY_RUNTIME } from '../loyalty.tokens';
import { CallerNotAllowedError, mapLoyaltyError } from './grpc-errors';
import {
  parseAdjust,
  parseAdjustmentId,
  parseAsOf,
  parseReferralCode,
  parseSharedContacts,
  parseDefineProgram,
  parseMemberId,
  parseRecordPurchase,
  parseReservationId,
  parseReserve,
} from './loyalty-command.parsers';
import { LoyaltyCallerGuard } from './loyalty-caller.guard';

const SERVICE = 'LoyaltyService';

@Controller()
@UseGuards(LoyaltyCallerGuard)
export class LoyaltyGrpcController {
  constructor(
    @Inject(LoyaltyApplication) private readonly app: LoyaltyApplication,
    @Inject(LOYALTY_LOGGER) private readonly logger: Logger,
    @Inject(LOYALTY_RUNTIME) private readonly runtime: RuntimeDependencies,
  ) {}

  /** The verified caller and its roles for `rpc`, the request meta, one log line, error mapping. */
  private call<T>(
    rpc: string,
    req: { ctx?: P.RequestContext__Output | null },
    aggregateId: () => string,
    action: (meta: RequestMeta) => Promise<T>,
  ): Promise<T> {
    return serveRpc(
      {
        service: SERVICE,
        logger: this.logger,
        requestMeta: (caller) => {
          if (!mayCallLoyaltyRpc(principalOfCaller(caller), rpc))
            throw new CallerNotAllowedError(`The caller's roles do not allow ${rpc}.`);
          const { idempotencyKey: key, ...meta } = requestMetaOf(caller, req.ctx, () =>
            this.runtime.newId(),
          );
          // A client key is unique per user action: scoped here to the RPC and the aggregate.
          return { ...meta, ...(key ? { idempotencyKey: `${rpc}:${aggregateId()}:${key}` } : {}) };
        },
        mapError: mapLoyaltyError,
      },
      rpc,
      req,
      action,
    );
  }

  @GrpcMethod(SERVICE, 'DefineProgram')
  defineProgram(req: P.DefineProgramRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'DefineProgram',
      req,
      () => 'program',
      async (meta) => toCommandResult(await this.app.defineProgram(meta, parseDefineProgram(req))),
    );
  }

  @GrpcMethod(SERVICE, 'EnrolMember')
  enrolMember(req: P.EnrolMemberRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'EnrolMember',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(
          await this.app.member(meta, parseMemberId(req), {
            type: 'EnrolMember',
            data: { source: 'manual' },
          }),
        ),
    );
  }

  @GrpcMethod(SERVICE, 'RecordPurchase')
  recordPurchase(req: P.RecordPurchaseRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'RecordPurchase',
      req,
      () => req.memberId,
      async (meta) => {
        const memberId = parseMemberId(req);
        const order = parseRecordPurchase(req);
        const earned = await this.app.earn(meta, memberId, order);
        // A purchase from another channel counts as an order for referrals too.
        await this.app.rewardReferral(meta, memberId, order.orderId);
        return toCommandResult(earned);
      },
    );
  }

  @GrpcMethod(SERVICE, 'ReservePoints')
  reservePoints(req: P.ReservePointsRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'ReservePoints',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(
          await this.app.member(meta, parseMemberId(req), {
            type: 'ReservePoints',
            data: parseReserve(req),
          }),
        ),
    );
  }

  @GrpcMethod(SERVICE, 'ConfirmReservation')
  confirmReservation(req: P.ReservationRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'ConfirmReservation',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(
          await this.app.member(meta, parseMemberId(req), {
            type: 'ConfirmReservation',
            data: { reservationId: parseReservationId(req) },
          }),
        ),
    );
  }

  @GrpcMethod(SERVICE, 'ReleaseReservation')
  releaseReservation(req: P.ReservationRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'ReleaseReservation',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(
          await this.app.member(meta, parseMemberId(req), {
            type: 'ReleaseReservation',
            data: { reservationId: parseReservationId(req) },
          }),
        ),
    );
  }

  @GrpcMethod(SERVICE, 'AdjustPoints')
  adjustPoints(req: P.AdjustPointsRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'AdjustPoints',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(await this.app.adjust(meta, parseMemberId(req), parseAdjust(req))),
    );
  }

  @GrpcMethod(SERVICE, 'ApproveAdjustment')
  approveAdjustment(req: P.ApproveAdjustmentRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'ApproveAdjustment',
      req,
      () => req.memberId,
      async (meta) =>
        toCommandResult(await this.app.approve(meta, parseMemberId(req), parseAdjustmentId(req))),
    );
  }

  @GrpcMethod(SERVICE, 'VerifyMember')
  verifyMember(req: P.VerifyMemberRequest__Output): Promise<P.VerifyMemberResponse> {
    return this.call(
      'VerifyMember',
      req,
      () => req.memberId,
      async (meta) => {
        const report = await this.app.verify(meta, parseMemberId(req));
        return {
          consistent: report.violations.length === 0,
          violations: report.violations.map((v) => ({
            index: v.index,
            eventType: v.type,
            problem: v.problem,
          })),
          availablePoints: report.totals.available,
          reservedPoints: report.totals.reserved,
          debtPoints: report.totals.debt,
          events: report.events,
        };
      },
    );
  }

  @GrpcMethod(SERVICE, 'GetMemberAsOf')
  getMemberAsOf(req: P.GetMemberAsOfRequest__Output): Promise<P.MemberAsOfResponse> {
    return this.call(
      'GetMemberAsOf',
      req,
      () => req.memberId,
      async (meta) => {
        const memberId = parseMemberId(req);
        const asOf = parseAsOf(req, this.runtime.now().toISOString());
        const m = await this.app.memberAsOf(meta, memberId, asOf);
        return {
          asOf: m.asOf,
          enrolled: m.enrolled,
          tier: m.tier ?? '',
          qualifyingPoints: m.qualifyingPoints,
          availablePoints: m.availablePoints,
          reservedPoints: m.reservedPoints,
          debtPoints: m.debtPoints,
          lots: m.lots.map((lot) => ({ ...lot })),
          tierReviewAt: m.tierReviewAt ?? '',
          tierInGrace: m.tierInGrace,
          tierHistory: m.tierHistory.map((c) => ({
            at: c.at,
            change: c.change,
            fromTier: c.fromTier ?? '',
            toTier: c.toTier,
            qualifyingPoints: c.qualifyingPoints,
          })),
          events: m.events,
          ...(m.tierProgress
            ? { tierProgress: { ...m.tierProgress, nextTier: m.tierProgress.nextTier ?? '' } }
            : {}),
        };
      },
    );
  }

  @GrpcMethod(SERVICE, 'IssueReferralCode')
  issueReferralCode(req: P.IssueReferralCodeRequest__Output): Promise<P.IssueReferralCodeResponse> {
    return this.call(
      'IssueReferralCode',
      req,
      () => req.memberId,
      async (meta) => {
        const issued = await this.app.issueReferralCode(meta, parseMemberId(req));
        return { code: issued.code, result: toCommandResult(issued.outcome) };
      },
    );
  }

  @GrpcMethod(SERVICE, 'RecordReferral')
  recordReferral(req: P.RecordReferralRequest__Output): Promise<P.CommandResult> {
    return this.call(
      'RecordReferral',
      req,
      () => req.memberId,
      async (meta) => {
        const memberId = parseMemberId(req);
        const code = parseReferralCode(req);
        const contacts = parseSharedContacts(req);
        return toCommandResult(await this.app.recordReferral(meta, memberId, code, contacts));
      },
    );
  }
}
