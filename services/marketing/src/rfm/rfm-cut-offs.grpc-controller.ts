// gRPC controller of SetRfmCutOffs (crm.marketing.v1.MarketingService): a marketer configures the
// tenant's RFM cut-offs of one currency, which the nightly quintile run then leaves alone (ADR 0194,
// docs/marketing.md#rfm-scores). Rules read the model at once: scores are derived at evaluation.
import type * as P from '@crm/contracts/marketing-grpc';
import { toCommandResult } from '@crm/grpc-service';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MarketingApplication } from '../application/marketing.application';
import { MarketingCallerGuard } from '../grpc/marketing-caller.guard';
import { MARKETING_SERVICE, serveMarketingRpc } from '../grpc/marketing-rpc';
import { MARKETING_LOGGER } from '../marketing.tokens';
import { parseSetRfmCutOffs } from './rfm-cut-offs.parsers';

@Controller()
@UseGuards(MarketingCallerGuard)
export class RfmCutOffsGrpcController {
  constructor(
    @Inject(MarketingApplication) private readonly app: MarketingApplication,
    @Inject(MARKETING_LOGGER) private readonly logger: Logger,
  ) {}

  @GrpcMethod(MARKETING_SERVICE, 'SetRfmCutOffs')
  setRfmCutOffs(req: P.SetRfmCutOffsRequest__Output): Promise<P.CommandResult> {
    return serveMarketingRpc(this.app, this.logger, 'SetRfmCutOffs', req, async (meta, ctx) => {
      const cutOffs = parseSetRfmCutOffs(req);
      return toCommandResult(
        await this.app.rfmModel(meta, {
          type: 'SetRfmCutOffs',
          data: { ...cutOffs, source: 'configured', now: ctx.now() },
        }),
      );
    });
  }
}
