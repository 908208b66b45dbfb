// gRPC controller of the tenant sending policy RPCs of crm.marketing.v1.MarketingService (ADR 0385):
// admins set the tenant's caps and quiet hours; every role may read them.
import { principalOfCaller } from '@crm/access-policy';
import type * as P from '@crm/contracts/marketing-grpc';
import { toCommandResult } from '@crm/grpc-service';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MarketingApplication } from '../application/marketing.application';
import { MarketingCallerGuard } from '../grpc/marketing-caller.guard';
import { MARKETING_SERVICE, serveMarketingRpc } from '../grpc/marketing-rpc';
import { MARKETING_LOGGER } from '../marketing.tokens';
import { parseSetSendingPolicy } from './sending-policy.parsers';
import { TenantSendingGate } from './tenant-sending-gate';

@Controller()
@UseGuards(MarketingCallerGuard)
export class SendingPolicyGrpcController {
  constructor(
    @Inject(MarketingApplication) private readonly app: MarketingApplication,
    @Inject(TenantSendingGate) private readonly gate: TenantSendingGate,
    @Inject(MARKETING_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(MARKETING_SERVICE, 'SetSendingPolicy')
  setSendingPolicy(req: P.SetSendingPolicyRequest__Output): Promise<P.CommandResult> {
    return serveMarketingRpc(this.app, this.logger, 'SetSendingPolicy', req, async (meta, ctx) => {
      const policy = parseSetSendingPolicy(req);
      const setBy = principalOfCaller(meta.caller).userId;
      return toCommandResult(
        await this.gate.setPolicy(meta, {
          type: 'SetSendingPolicy',
          data: { ...policy, setBy, now: ctx.now() },
        }),
      );
    });
  }

  @GrpcMethod(MARKETING_SERVICE, 'GetSendingPolicy')
  getSendingPolicy(req: P.GetSendingPolicyRequest__Output): Promise<P.SendingPolicy> {
    return serveMarketingRpc(this.app, this.logger, 'GetSendingPolicy', req, async (meta) => {
      const policy = await this.gate.policy(meta);
      if (policy.status === 'None') return { configured: false, caps: [] };
      return {
        configured: true,
        timeZone: policy.timeZone,
        quietFrom: policy.quietHours?.from ?? '',
        quietTo: policy.quietHours?.to ?? '',
        caps: policy.caps.map((c) => ({
          channel: c.channel,
          perHour: c.perHour ?? 0,
          perDay: c.perDay ?? 0,
        })),
      };
    });
  }
}
