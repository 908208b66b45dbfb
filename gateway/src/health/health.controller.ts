// Liveness (`/health`: the process answers) and readiness (`/ready`: PostgreSQL, MongoDB and the
// customers gRPC service are reachable). Both are anonymous and reveal no more than up/down.
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { type ServerResponse } from 'node:http';
import { type Logger } from 'pino';
import { AllowAnonymous } from '../authz/allow.decorator';
import { GATEWAY_LOGGER } from '../logging/logger';

export type ReadinessCheck = () => Promise<void>;
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
    check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

@Controller()
@AllowAnonymous()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: Record<string, ReadinessCheck>,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: ServerResponse): Promise<void> {
    const names = Object.keys(this.checks);
    const results = await Promise.allSettled(
      names.map((name) => withTimeout(this.checks[name] as ReadinessCheck)),
    );
    const checks: Record<string, string> = {};
    results.forEach((r, i) => {
      const name = names[i] as string;
      checks[name] = r.status === 'fulfilled' ? 'up' : 'down';
      // The reason goes to the log only: the endpoint is anonymous.
      if (r.status === 'rejected')
        this.logger.warn({ check: name, err: r.reason as unknown }, 'readiness check failed');
    });
    const ready = results.every((r) => r.status === 'fulfilled');
    res.statusCode = ready ? 200 : 503;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
  }
}
