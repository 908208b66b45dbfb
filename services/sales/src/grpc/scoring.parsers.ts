// Parsers of the lead scoring RPCs: engagement kinds, instants not in the future, and a scoring
// model's rules and points within bounds.
import type * as P from '@crm/contracts/sales-grpc';
import {
  ENGAGEMENT_KINDS,
  LEAD_SCORING_ATTRIBUTES,
  type DefineLeadScoringModel,
  type EngagementKind,
  type RecordLeadEngagement,
} from '@crm/sales-domain';
import { parseRequest, type RequestReader } from './request-parsing';
import type { ParseContext, Parsed } from './sales-command.parsers';

const MAX_RULES = 100;
const MAX_POINTS = 1000;

function oneOf<T extends string>(
  r: RequestReader,
  field: string,
  value: string,
  allowed: readonly T[],
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  if (!value) r.add(field, 'REQUIRED', 'is required');
  else r.add(field, 'UNKNOWN_VALUE', `must be one of ${allowed.join(', ')}`);
  return allowed[0] as T;
}

export function parseRecordLeadEngagement(
  req: P.RecordLeadEngagementRequest__Output,
  ctx: ParseContext,
): Parsed<RecordLeadEngagement> {
  return parseRequest((r) => {
    const now = ctx.now();
    const occurredAt = r.instant('occurredAt', req.occurredAt);
    if (occurredAt && Date.parse(occurredAt) > Date.parse(now)) {
      r.add('occurredAt', 'OUT_OF_RANGE', 'must not be in the future');
    }
    return {
      command: {
        type: 'RecordLeadEngagement',
        data: {
          leadId: r.requiredId('leadId', req.leadId),
          kind: oneOf<EngagementKind>(r, 'kind', req.kind, ENGAGEMENT_KINDS),
          occurredAt,
          now,
        },
      },
    };
  });
}

export function parseScoreLead(req: P.ScoreLeadRequest__Output): {
  leadId: string;
  pipelineId?: string;
} {
  return parseRequest((r) => {
    const leadId = r.requiredId('leadId', req.leadId);
    const pipelineId = r.id('pipelineId', req.pipelineId);
    return pipelineId === undefined ? { leadId } : { leadId, pipelineId };
  });
}

export function parseDefineLeadScoringModel(
  req: P.DefineLeadScoringModelRequest__Output,
  ctx: ParseContext,
): Parsed<DefineLeadScoringModel> {
  return parseRequest((r) => {
    if (req.fitRules.length > MAX_RULES)
      r.add('fitRules', 'TOO_MANY', `at most ${MAX_RULES} rules`);
    const fitRules = req.fitRules.slice(0, MAX_RULES).map((rule, i) => ({
      attribute: oneOf(r, `fitRules[${i}].attribute`, rule.attribute, LEAD_SCORING_ATTRIBUTES),
      equals: r.requiredText(`fitRules[${i}].equals`, rule.equals, 64),
      points: r.integer(`fitRules[${i}].points`, rule.points, -MAX_POINTS, MAX_POINTS),
    }));
    const points = new Map<EngagementKind, number>();
    req.engagementPoints.forEach((entry, i) => {
      const kind = oneOf<EngagementKind>(
        r,
        `engagementPoints[${i}].kind`,
        entry.kind,
        ENGAGEMENT_KINDS,
      );
      if (points.has(kind))
        r.add(`engagementPoints[${i}].kind`, 'INVALID_FORMAT', 'is given twice');
      points.set(kind, r.integer(`engagementPoints[${i}].points`, entry.points, 0, MAX_POINTS));
    });
    for (const kind of ENGAGEMENT_KINDS) {
      if (!points.has(kind)) r.add('engagementPoints', 'REQUIRED', `needs points for ${kind}`);
    }
    return {
      command: {
        type: 'DefineLeadScoringModel',
        data: {
          fitRules,
          engagementPoints: Object.fromEntries(
            ENGAGEMENT_KINDS.map((kind) => [kind, points.get(kind) ?? 0]),
          ) as Record<EngagementKind, number>,
          halfLifeDays: r.integer('halfLifeDays', req.halfLifeDays, 1, 3650),
          now: ctx.now(),
        },
      },
    };
  });
}
