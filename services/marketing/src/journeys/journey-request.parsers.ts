// Parsers of the journey and attribution RPCs: the generated proto request in, a typed value out, or
// every field violation at once (journey definitions with the domain's own parser, at
// `definitionJson.<path>`).
import type * as P from '@crm/contracts/marketing-grpc';
import {
  ATTRIBUTION_MODELS,
  ENGAGEMENT_LEVELS,
  InvalidJourneyError,
  MARKETING_LIMITS,
  MAX_ATTRIBUTION_WINDOW_DAYS,
  READY_MADE_JOURNEYS,
  isTimeZone,
  parseJourneyDefinition,
  type AttributionModel,
  type EngagementLevel,
  type JourneyDefinition,
  type ReadyMadeJourneyKind,
  type RecordMarketingCost,
} from '@crm/marketing-domain';
import type { ParseContext } from '../grpc/marketing-command.parsers';
import { parseRequest, type RequestReader } from '../grpc/request-reading';

function readDefinition(r: RequestReader, json: string): JourneyDefinition | undefined {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    r.add('definitionJson', 'INVALID_FORMAT', 'must be JSON');
    return undefined;
  }
  try {
    return parseJourneyDefinition(input);
  } catch (error) {
    if (!(error instanceof InvalidJourneyError)) throw error;
    for (const p of error.problems)
      r.add(p.path ? `definitionJson.${p.path}` : 'definitionJson', 'INVALID_JOURNEY', p.message);
    return undefined;
  }
}

function oneOf<T extends string>(
  r: RequestReader,
  field: string,
  value: string | undefined,
  values: readonly T[],
  fallback?: T,
): T {
  const chosen = value?.trim() || fallback;
  if (chosen !== undefined && (values as readonly string[]).includes(chosen)) return chosen as T;
  r.add(
    field,
    chosen === undefined ? 'REQUIRED' : 'UNKNOWN_VALUE',
    `must be one of ${values.join(', ')}`,
  );
  return values[0]!;
}

export function parsePublishJourney(req: P.PublishJourneyRequest__Output, ctx: ParseContext) {
  return parseRequest((r) => {
    const journeyId = r.id('journeyId', req.journeyId) ?? ctx.newId('journey');
    const name = r.requiredText('name', req.name, MARKETING_LIMITS.name);
    const json = r.requiredText('definitionJson', req.definitionJson, 50_000);
    const definition = json ? readDefinition(r, json) : undefined;
    return { journeyId, name, definition: definition!, now: ctx.now() };
  });
}

export function parseInstallReadyMadeJourney(req: P.InstallReadyMadeJourneyRequest__Output): {
  kind: ReadyMadeJourneyKind;
  timeZone: string;
} {
  return parseRequest((r) => {
    const kind = oneOf(r, 'kind', req.kind, READY_MADE_JOURNEYS);
    const timeZone = req.timeZone?.trim() || 'UTC';
    if (!isTimeZone(timeZone)) r.add('timeZone', 'INVALID_FORMAT', 'must be an IANA time zone');
    return { kind, timeZone };
  });
}

/** The journey a pause or resume names. */
export function parseJourneyRef(req: P.JourneyRef__Output): string {
  return parseRequest((r) => r.requiredId('journeyId', req.journeyId));
}

const AMOUNT = /^\d{1,12}\.\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;

export function parseRecordMarketingCost(
  req: P.RecordMarketingCostRequest__Output,
  ctx: ParseContext,
): RecordMarketingCost {
  return parseRequest((r) => {
    const sourceKind = oneOf(r, 'sourceKind', req.sourceKind, ['campaign', 'journey'] as const);
    const sourceId = r.requiredId('sourceId', req.sourceId);
    const channel = oneOf(r, 'channel', req.channel, ['email'] as const, 'email');
    const amount = r.requiredText('amount', req.amount, 20);
    if (amount && !AMOUNT.test(amount))
      r.add('amount', 'INVALID_FORMAT', 'must be a decimal with two digits, e.g. 120.00');
    const currency = r.requiredText('currency', req.currency, 3);
    if (currency && !CURRENCY.test(currency))
      r.add('currency', 'INVALID_FORMAT', 'must be an ISO 4217 code');
    const note = r.text('note', req.note, 500);
    return {
      type: 'RecordMarketingCost',
      data: {
        costId: ctx.newId('cost'),
        sourceKind,
        sourceId,
        channel,
        amount,
        currency,
        ...(note ? { note } : {}),
        now: ctx.now(),
      },
    };
  });
}

export function parseAttributionReport(req: P.AttributionReportRequest__Output): {
  model: AttributionModel;
  windowDays: number;
  minimumEngagement: EngagementLevel;
} {
  return parseRequest((r) => {
    const model = oneOf(r, 'model', req.model, ATTRIBUTION_MODELS, 'lastTouch');
    const windowDays = req.windowDays || 30;
    if (windowDays > MAX_ATTRIBUTION_WINDOW_DAYS)
      r.add('windowDays', 'OUT_OF_RANGE', `must be 1–${MAX_ATTRIBUTION_WINDOW_DAYS}`);
    const minimumEngagement = oneOf(
      r,
      'minimumEngagement',
      req.minimumEngagement,
      ENGAGEMENT_LEVELS,
      'sent',
    );
    return { model, windowDays, minimumEngagement };
  });
}
