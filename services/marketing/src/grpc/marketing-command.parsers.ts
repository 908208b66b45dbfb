// One parser per command RPC: the generated proto request in, a typed domain command out, or every
// field violation at once. Segment rules and templates are validated here, at the edge, with the
// domain's own rule parser and template validation; the deciders check business rules only.
import type * as P from '@crm/contracts/marketing-grpc';
import {
  InvalidSegmentRuleError,
  MARKETING_LIMITS,
  MERGE_FIELDS,
  SYSTEM_MERGE_FIELDS,
  TemplateSyntaxError,
  UnknownMergeFieldError,
  parseSegmentRule,
  validateTemplateVersion,
  type CancelCampaign,
  type CreateCampaign,
  type CreateTemplate,
  type DefineSegment,
  type MergeField,
  type ScheduleCampaign,
  type SegmentRule,
  type TemplateLocale,
  type TemplateVersion,
  type AbTest,
  type WinnerMetric,
  type MarketingChannel,
} from '@crm/marketing-domain';
import { MarketingValidationError, parseRequest, type RequestReader } from './request-reading';

export interface ParseContext {
  newId(purpose: string): string;
  now(): string;
}

const LOCALES: Readonly<Record<string, TemplateLocale>> = {
  TEMPLATE_LOCALE_EN: 'en',
  TEMPLATE_LOCALE_ZH_CN: 'zh-CN',
};

function readRule(r: RequestReader, json: string): SegmentRule | undefined {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    r.add('ruleJson', 'INVALID_FORMAT', 'must be JSON');
    return undefined;
  }
  try {
    return parseSegmentRule(input);
  } catch (error) {
    if (!(error instanceof InvalidSegmentRuleError)) throw error;
    for (const p of error.problems) r.add(`ruleJson.${p.path}`, p.code, p.message);
    return undefined;
  }
}

export function parseDefineSegment(
  req: P.DefineSegmentRequest__Output,
  ctx: ParseContext,
): { command: DefineSegment; createdId: string } {
  return parseRequest((r) => {
    const segmentId = r.id('segmentId', req.segmentId) ?? ctx.newId('segment');
    const name = r.requiredText('name', req.name, MARKETING_LIMITS.name);
    const json = r.requiredText('ruleJson', req.ruleJson, 20_000);
    const rule = json ? readRule(r, json) : undefined;
    return {
      command: {
        type: 'DefineSegment',
        data: { segmentId, name, rule: rule as SegmentRule, now: ctx.now() },
      },
      createdId: segmentId,
    };
  });
}

/** The rule of a segment preview, or its violations (ruleJson.<path>). */
export function parseRuleJson(json: string): SegmentRule {
  return parseRequest((r) => {
    const text = r.requiredText('ruleJson', json, 20_000);
    return (text ? readRule(r, text) : undefined) as SegmentRule;
  });
}

export async function parseCreateTemplate(
  req: P.CreateTemplateRequest__Output,
  ctx: ParseContext,
): Promise<{ command: CreateTemplate; createdId: string }> {
  const { templateId, name, versions, fallbacks } = parseRequest((r) => {
    const parsedVersions: TemplateVersion[] = req.versions.map((v, i) => ({
      locale: r.requiredEnum(`versions[${i}].locale`, v.locale, LOCALES),
      subject: r.requiredText(`versions[${i}].subject`, v.subject, MARKETING_LIMITS.subject),
      body: r.requiredText(`versions[${i}].body`, v.body, MARKETING_LIMITS.templateBody),
    }));
    if (parsedVersions.length === 0) r.add('versions', 'REQUIRED', 'at least one locale');
    const locales = parsedVersions.map((v) => v.locale);
    if (new Set(locales).size !== locales.length)
      r.add('versions', 'INVALID_FORMAT', 'one version per locale');
    const fallbackMap: Partial<Record<MergeField, string>> = {};
    req.fallbacks.forEach((f, i) => {
      const field = f.field as MergeField;
      if (!MERGE_FIELDS.includes(field) || SYSTEM_MERGE_FIELDS.includes(field))
        r.add(`fallbacks[${i}].field`, 'UNKNOWN_VALUE', 'must be a customer merge field');
      const text = r.requiredText(`fallbacks[${i}].text`, f.text, MARKETING_LIMITS.fallback);
      fallbackMap[field] = text;
    });
    return {
      templateId: r.id('templateId', req.templateId) ?? ctx.newId('template'),
      name: r.requiredText('name', req.name, MARKETING_LIMITS.name),
      versions: parsedVersions,
      fallbacks: fallbackMap,
    };
  });
  const violations: { field: string; code: string; message: string }[] = [];
  for (const [i, version] of versions.entries()) {
    try {
      await validateTemplateVersion(version);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError) && !(error instanceof UnknownMergeFieldError))
        throw error;
      const part = error.part.endsWith('subject') ? 'subject' : 'body';
      violations.push({
        field: `versions[${i}].${part}`,
        code: error.code,
        message: error.message,
      });
    }
  }
  if (violations.length > 0) throw new MarketingValidationError(violations);
  return {
    command: {
      type: 'CreateTemplate',
      data: { templateId, name, versions, fallbacks, now: ctx.now() },
    },
    createdId: templateId,
  };
}

const CHANNELS: Readonly<Record<string, MarketingChannel>> = {
  MARKETING_CHANNEL_EMAIL: 'email',
  MARKETING_CHANNEL_SMS: 'sms',
  MARKETING_CHANNEL_PUSH: 'push',
  MARKETING_CHANNEL_SOCIAL: 'social',
};

const WINNER_METRICS: Readonly<Record<string, WinnerMetric>> = {
  WINNER_METRIC_OPENED: 'opened',
  WINNER_METRIC_CLICKED: 'clicked',
  WINNER_METRIC_REVENUE: 'revenue',
};
/** Bounds of an A/B test: 2–4 variants, confidence 0.8–0.999, a test share of 1–100 %. */
export const AB_TEST_LIMITS = { variants: [2, 4], confidence: [0.8, 0.999] } as const;

/** A campaign's A/B variants and how the winner is chosen; none when no variant is given. */
function readAbTest(r: RequestReader, req: P.CreateCampaignRequest__Output): { abTest?: AbTest } {
  if (req.variants.length === 0) return {};
  const [fewest, most] = AB_TEST_LIMITS.variants;
  if (req.variants.length < fewest || req.variants.length > most)
    r.add('variants', 'OUT_OF_RANGE', `must be ${fewest} to ${most} variants`);
  const variants = req.variants.map((v, i) => ({
    variantId: r.requiredId(`variants[${i}].variantId`, v.variantId),
    templateId: r.requiredId(`variants[${i}].templateId`, v.templateId),
  }));
  variants.forEach((v, i) => {
    if (variants.findIndex((w) => w.variantId === v.variantId) < i)
      r.add(`variants[${i}].variantId`, 'DUPLICATE', 'is already a variant of this campaign');
  });
  const metric = r.requiredEnum('winnerMetric', req.winnerMetric, WINNER_METRICS);
  const [low, high] = AB_TEST_LIMITS.confidence;
  const confidence = req.confidence === 0 ? 0.95 : req.confidence;
  if (!(confidence >= low && confidence <= high))
    r.add('confidence', 'OUT_OF_RANGE', `must be between ${low} and ${high}`);
  const testPercent = req.testPercent === 0 ? 20 : req.testPercent;
  if (testPercent > 100) r.add('testPercent', 'OUT_OF_RANGE', 'must be 1 to 100');
  const minimumRecipients = req.minimumRecipients === 0 ? 100 : req.minimumRecipients;
  if (minimumRecipients > 1_000_000)
    r.add('minimumRecipients', 'OUT_OF_RANGE', 'must be at most 1,000,000');
  return { abTest: { variants, metric, confidence, testPercent, minimumRecipients } };
}

export function parseCreateCampaign(
  req: P.CreateCampaignRequest__Output,
  ctx: ParseContext,
): { command: CreateCampaign; createdId: string } {
  return parseRequest((r) => {
    const campaignId = r.id('campaignId', req.campaignId) ?? ctx.newId('campaign');
    return {
      command: {
        type: 'CreateCampaign',
        data: {
          campaignId,
          name: r.requiredText('name', req.name, MARKETING_LIMITS.name),
          segmentId: r.requiredId('segmentId', req.segmentId),
          templateId: r.requiredId('templateId', req.templateId),
          locale: r.requiredEnum('locale', req.locale, LOCALES),
          ...readAbTest(r, req),
          channel: CHANNELS[req.channel] ?? 'email',
          now: ctx.now(),
        },
      },
      createdId: campaignId,
    };
  });
}

export function parseScheduleCampaign(
  req: P.ScheduleCampaignRequest__Output,
  ctx: ParseContext,
): ScheduleCampaign {
  return parseRequest((r) => ({
    type: 'ScheduleCampaign',
    data: {
      campaignId: r.requiredId('campaignId', req.campaignId),
      sendAt: r.requiredInstant('sendAt', req.sendAt),
      now: ctx.now(),
    },
  }));
}

export function parseCancelCampaign(
  req: P.CancelCampaignRequest__Output,
  ctx: ParseContext,
): CancelCampaign {
  return parseRequest((r) => {
    const reason = r.text('reason', req.reason, 500);
    return {
      type: 'CancelCampaign',
      data: {
        campaignId: r.requiredId('campaignId', req.campaignId),
        ...(reason === undefined ? {} : { reason }),
        now: ctx.now(),
      },
    };
  });
}

export function parsePreviewMessage(req: P.PreviewMessageRequest__Output): {
  templateId: string;
  customerId: string;
  locale: TemplateLocale;
} {
  return parseRequest((r) => ({
    templateId: r.requiredId('templateId', req.templateId),
    customerId: r.requiredId('customerId', req.customerId),
    locale: r.requiredEnum('locale', req.locale, LOCALES),
  }));
}

export function parseCampaignId(req: { campaignId: string }): string {
  return parseRequest((r) => r.requiredId('campaignId', req.campaignId));
}

export function parseUnsubscribeToken(req: P.UnsubscribeRequest__Output): string {
  return parseRequest((r) => r.requiredText('token', req.token, 2000));
}

export function parseTrackEngagement(req: P.TrackEngagementRequest__Output): {
  engagement: 'opened' | 'clicked';
  token: string;
} {
  return parseRequest((r) => {
    const token = r.requiredText('token', req.token, 4000);
    const engagement = req.engagement === 'clicked' ? 'clicked' : 'opened';
    if (req.engagement !== 'opened' && req.engagement !== 'clicked')
      r.add('engagement', 'INVALID_VALUE', 'must be opened or clicked');
    return { engagement, token };
  });
}

const SEED_ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
/** At most this many seed-list addresses per test send. */
export const MAX_TEST_ADDRESSES = 10;

export function parseSendTestMessage(req: P.SendTestMessageRequest__Output): {
  campaignId: string;
  addresses: string[];
  sampleCustomerId?: string;
  variantId?: string;
} {
  return parseRequest((r) => {
    const campaignId = r.requiredId('campaignId', req.campaignId);
    const variantId = r.id('variantId', req.variantId);
    const addresses = req.addresses.map((a) => a.trim());
    if (addresses.length === 0 || addresses.length > MAX_TEST_ADDRESSES)
      r.add('addresses', 'OUT_OF_RANGE', `must list 1–${MAX_TEST_ADDRESSES} addresses`);
    addresses.forEach((a, i) => {
      if (!SEED_ADDRESS.test(a))
        r.add(`addresses[${i}]`, 'INVALID_FORMAT', 'must be an e-mail address');
    });
    const sampleCustomerId = r.id('sampleCustomerId', req.sampleCustomerId);
    return {
      campaignId,
      addresses,
      ...(sampleCustomerId ? { sampleCustomerId } : {}),
      ...(variantId ? { variantId } : {}),
    };
  });
}
