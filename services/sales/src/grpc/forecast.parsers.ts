// Parsers of the forecast RPCs: a period that exists (quarter or month), an amount and currency,
// and the forecast id derived from tenant, period and owner (one forecast stream per owner and
// period). The submitter is the caller: nobody submits someone else's call.
import type * as P from '@crm/contracts/sales-grpc';
import {
  forecastPeriod,
  SALES_LIMITS,
  type AdjustForecast,
  type SubmitForecast,
} from '@crm/sales-domain';
import { v5 as uuidv5 } from 'uuid';
import { actingUserIdOf } from '../application/caller-access';
import { parseRequest, type RequestReader } from './request-parsing';
import type { ParseContext, Parsed } from './sales-command.parsers';

const FORECAST_NAMESPACE = '9c1d6a2e-4f3b-5a7c-8d9e-0f1a2b3c4d5e';

export const forecastIdOf = (tenantId: string, period: string, ownerId: string): string =>
  uuidv5(`${tenantId}\0${period}\0${ownerId}`, FORECAST_NAMESPACE);

export function period(r: RequestReader, value: string): string {
  const name = value.trim();
  if (!name) r.add('period', 'REQUIRED', 'is required');
  else if (!forecastPeriod(name)) {
    r.add('period', 'INVALID_FORMAT', 'must be a quarter (2027-Q1) or a month (2027-03)');
  }
  return name;
}

export function parseSubmitForecast(
  req: P.SubmitForecastRequest__Output,
  ctx: ParseContext,
): Parsed<SubmitForecast> {
  return parseRequest((r) => {
    const name = period(r, req.period);
    const ownerId = actingUserIdOf(ctx.caller);
    const note = r.text('note', req.note, SALES_LIMITS.reason);
    return {
      command: {
        type: 'SubmitForecast',
        data: {
          forecastId: forecastIdOf(ctx.caller.tenantId, name, ownerId),
          period: name,
          ownerId,
          teamId: ctx.caller.teamId,
          currency: r.currency('currency', req.currency),
          amountMinor: r.amount('amount', req.amount),
          ...(note ? { note } : {}),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parseAdjustForecast(
  req: P.AdjustForecastRequest__Output,
  ctx: ParseContext,
): Parsed<AdjustForecast> {
  return parseRequest((r) => {
    const name = period(r, req.period);
    const ownerId = r.requiredId('ownerId', req.ownerId);
    return {
      command: {
        type: 'AdjustForecast',
        data: {
          forecastId: forecastIdOf(ctx.caller.tenantId, name, ownerId),
          currency: r.currency('currency', req.currency),
          amountMinor: r.amount('amount', req.amount),
          note: r.requiredText('note', req.note, SALES_LIMITS.reason),
          adjustedBy: actingUserIdOf(ctx.caller),
          now: ctx.now(),
        },
      },
    };
  });
}
