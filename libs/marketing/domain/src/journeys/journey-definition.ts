// A journey definition: what enrols a customer (a trigger), what happens to them (steps), and when
// they may enter again (the re-entry policy). Parsed once from untrusted JSON into this typed shape;
// anything else is refused with a problem at its path and nothing is written (ADR 0196).
import { MARKETING_CHANNELS, type MarketingChannel } from '../delivery/channels';
import type { Engagement } from '../attribution/attribution';
import { MarketingDomainError } from '../errors';
import { isTimeZone } from './journey-birthday';
import { parseSegmentRule } from '../segment/segment-rule.parser';
import type { SegmentRule } from '../segment/segment-rule';
import { TEMPLATE_LOCALES, type TemplateLocale } from '../template/merge-fields';

/** The public events of other contexts a journey may start on (libs/contracts, as published). */
export const JOURNEY_TRIGGER_EVENTS = [
  'customers.CustomerRegistered',
  'sales.OrderPlaced',
  'loyalty.ChurnRiskRaised',
  'loyalty.ChurnRiskEased',
] as const;
export type JourneyTriggerEvent = (typeof JOURNEY_TRIGGER_EVENTS)[number];

export type JourneyTrigger =
  | { readonly kind: 'event'; readonly eventType: JourneyTriggerEvent }
  /** The customer's birthday at `localTime` in their time zone (`timeZone`: the zone of customers who name none). */
  | { readonly kind: 'birthday'; readonly localTime: string; readonly timeZone: string }
  /** No order and no registration for `days` days. */
  | { readonly kind: 'inactivity'; readonly days: number }
  /** The customer entered the segment (`marketing.SegmentMembershipChanged`, change `entered`). */
  | { readonly kind: 'segmentEntered'; readonly segmentId: string };

export type JourneyStep =
  | {
      readonly id: string;
      readonly kind: 'send';
      readonly templateId: string;
      readonly locale: TemplateLocale;
      /** Absent: e-mail. SMS, push and social send the template's subject line (channel port). */
      readonly channel?: MarketingChannel;
    }
  | { readonly id: string; readonly kind: 'wait'; readonly minutes: number }
  /** Goes to `then` when the condition (a segment rule over the profile) holds now, else to `else`. */
  | {
      readonly id: string;
      readonly kind: 'branch';
      readonly condition: SegmentRule;
      readonly conditionJson: unknown;
      readonly then: string;
      readonly else: string;
    }
  /**
   * Goes to `then` when the customer engaged (opened, or clicked) with a mail of this journey since
   * the enrolment entered, as the tracked pixel and links recorded it, else to `else`.
   */
  | {
      readonly id: string;
      readonly kind: 'branch';
      readonly engagement: Engagement;
      readonly then: string;
      readonly else: string;
    }
  /** Leaves the journey with its goal reached. */
  | { readonly id: string; readonly kind: 'exit'; readonly goal: string };

export type ReEntryPolicy =
  | { readonly policy: 'never' }
  | { readonly policy: 'afterCompletion' }
  | { readonly policy: 'cooldown'; readonly days: number };

export interface JourneyDefinition {
  readonly trigger: JourneyTrigger;
  readonly steps: readonly JourneyStep[];
  readonly reEntry: ReEntryPolicy;
  /** Events that end an active enrolment with its goal reached (an order during a win-back). */
  readonly exitOn: readonly JourneyTriggerEvent[];
}

export const JOURNEY_LIMITS = { steps: 20, waitMinutes: 366 * 24 * 60, days: 3650 } as const;

export interface JourneyProblem {
  readonly path: string;
  readonly message: string;
}

export class InvalidJourneyError extends MarketingDomainError {
  readonly code = 'INVALID_JOURNEY';
  constructor(readonly problems: readonly JourneyProblem[]) {
    super(`Invalid journey: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const STEP_ID = /^[a-z][a-z0-9-]{0,39}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

class Problems {
  readonly list: JourneyProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

function parseTrigger(input: unknown, p: Problems): JourneyTrigger | undefined {
  if (!isObject(input)) return void p.add('trigger', 'must be an object');
  switch (input['kind']) {
    case 'event':
      if (!oneOf(JOURNEY_TRIGGER_EVENTS, input['eventType']))
        return void p.add(
          'trigger.eventType',
          `must be one of ${JOURNEY_TRIGGER_EVENTS.join(', ')}`,
        );
      return { kind: 'event', eventType: input['eventType'] };
    case 'birthday': {
      const localTime = input['localTime'] ?? '09:00';
      const timeZone = input['timeZone'] ?? 'UTC';
      const validTime = typeof localTime === 'string' && LOCAL_TIME.test(localTime);
      if (!validTime) p.add('trigger.localTime', 'must be HH:MM');
      if (!isTimeZone(timeZone)) p.add('trigger.timeZone', 'must be an IANA time zone');
      if (!validTime || !isTimeZone(timeZone)) return undefined;
      return { kind: 'birthday', localTime, timeZone };
    }
    case 'segmentEntered': {
      const segmentId = input['segmentId'];
      if (typeof segmentId !== 'string' || segmentId.length === 0 || segmentId.length > 200)
        return void p.add('trigger.segmentId', 'must name a segment');
      return { kind: 'segmentEntered', segmentId };
    }
    case 'inactivity':
      if (!isWhole(input['days'], 1, JOURNEY_LIMITS.days))
        return void p.add(
          'trigger.days',
          `must be a whole number of days, 1–${JOURNEY_LIMITS.days}`,
        );
      return { kind: 'inactivity', days: input['days'] };
    default:
      return void p.add('trigger.kind', 'must be event, birthday, inactivity or segmentEntered');
  }
}

function parseStep(input: unknown, path: string, p: Problems): JourneyStep | undefined {
  if (!isObject(input)) return void p.add(path, 'must be an object');
  const id = input['id'];
  if (typeof id !== 'string' || !STEP_ID.test(id))
    return void p.add(`${path}.id`, 'must be a short kebab-case id');
  switch (input['kind']) {
    case 'send': {
      const { templateId, locale, channel } = input;
      if (typeof templateId !== 'string' || templateId.length === 0 || templateId.length > 200)
        return void p.add(`${path}.templateId`, 'must name a template');
      const chosen = locale ?? 'en';
      if (!oneOf(TEMPLATE_LOCALES, chosen))
        return void p.add(`${path}.locale`, `must be one of ${TEMPLATE_LOCALES.join(', ')}`);
      if (channel !== undefined && !oneOf(MARKETING_CHANNELS, channel))
        return void p.add(`${path}.channel`, `must be one of ${MARKETING_CHANNELS.join(', ')}`);
      return {
        id,
        kind: 'send',
        templateId,
        locale: chosen,
        ...(channel === undefined || channel === 'email' ? {} : { channel }),
      };
    }
    case 'wait':
      if (!isWhole(input['minutes'], 1, JOURNEY_LIMITS.waitMinutes))
        return void p.add(
          `${path}.minutes`,
          `must be whole minutes, 1–${JOURNEY_LIMITS.waitMinutes}`,
        );
      return { id, kind: 'wait', minutes: input['minutes'] };
    case 'branch': {
      const { then, else: otherwise, condition, engagement } = input;
      if (typeof then !== 'string' || typeof otherwise !== 'string')
        return void p.add(`${path}.then`, 'then and else must name steps');
      if (engagement !== undefined) {
        if (condition !== undefined)
          return void p.add(`${path}.engagement`, 'a branch tests a condition or an engagement');
        if (engagement !== 'opened' && engagement !== 'clicked')
          return void p.add(`${path}.engagement`, 'must be opened or clicked');
        return { id, kind: 'branch', engagement, then, else: otherwise };
      }
      try {
        return {
          id,
          kind: 'branch',
          condition: parseSegmentRule(condition),
          conditionJson: condition,
          then,
          else: otherwise,
        };
      } catch (error) {
        return void p.add(`${path}.condition`, (error as Error).message);
      }
    }
    case 'exit': {
      const goal = input['goal'] ?? 'goal reached';
      if (typeof goal !== 'string' || goal.length === 0 || goal.length > 200)
        return void p.add(`${path}.goal`, 'must be a short text');
      return { id, kind: 'exit', goal };
    }
    default:
      return void p.add(`${path}.kind`, 'must be send, wait, branch or exit');
  }
}

function parseReEntry(input: unknown, p: Problems): ReEntryPolicy | undefined {
  const value = input ?? { policy: 'never' };
  if (!isObject(value)) return void p.add('reEntry', 'must be an object');
  switch (value['policy']) {
    case 'never':
      return { policy: 'never' };
    case 'afterCompletion':
      return { policy: 'afterCompletion' };
    case 'cooldown':
      if (!isWhole(value['days'], 1, JOURNEY_LIMITS.days))
        return void p.add(
          'reEntry.days',
          `must be a whole number of days, 1–${JOURNEY_LIMITS.days}`,
        );
      return { policy: 'cooldown', days: value['days'] };
    default:
      return void p.add('reEntry.policy', 'must be never, afterCompletion or cooldown');
  }
}

/** Branches only jump forward, so a step runs at most once per enrolment (no loops). */
function checkBranches(steps: readonly JourneyStep[], p: Problems): void {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  if (index.size !== steps.length) p.add('steps', 'step ids must be unique');
  steps.forEach((step, i) => {
    if (step.kind !== 'branch') return;
    for (const [field, target] of [
      ['then', step.then],
      ['else', step.else],
    ] as const) {
      const at = index.get(target);
      if (at === undefined) p.add(`steps[${i}].${field}`, `no step ${target}`);
      else if (at <= i) p.add(`steps[${i}].${field}`, 'a branch may only jump forward');
    }
  });
}

export function parseJourneyDefinition(input: unknown): JourneyDefinition {
  const p = new Problems();
  if (!isObject(input)) throw new InvalidJourneyError([{ path: '', message: 'must be an object' }]);
  const trigger = parseTrigger(input['trigger'], p);
  const rawSteps = input['steps'];
  const steps: JourneyStep[] = [];
  if (!Array.isArray(rawSteps) || rawSteps.length === 0 || rawSteps.length > JOURNEY_LIMITS.steps)
    p.add('steps', `must list 1–${JOURNEY_LIMITS.steps} steps`);
  else
    rawSteps.forEach((raw, i) => {
      const step = parseStep(raw, `steps[${i}]`, p);
      if (step) steps.push(step);
    });
  if (p.list.length === 0) checkBranches(steps, p);
  const reEntry = parseReEntry(input['reEntry'], p);
  const rawExit = input['exitOn'] ?? [];
  const exitOn: JourneyTriggerEvent[] = [];
  if (!Array.isArray(rawExit)) p.add('exitOn', 'must be a list of event types');
  else
    rawExit.forEach((e, i) => {
      if (oneOf(JOURNEY_TRIGGER_EVENTS, e)) exitOn.push(e);
      else p.add(`exitOn[${i}]`, `must be one of ${JOURNEY_TRIGGER_EVENTS.join(', ')}`);
    });
  if (p.list.length > 0 || !trigger || !reEntry) throw new InvalidJourneyError(p.list);
  return { trigger, steps, reEntry, exitOn };
}

/** The stored (JSON) form of a definition, which parseJourneyDefinition reads back identically. */
export function journeyDefinitionToJson(definition: JourneyDefinition): Json {
  return {
    trigger: definition.trigger,
    steps: definition.steps.map((step) => {
      if (step.kind !== 'branch' || 'engagement' in step) return step;
      const { condition: _parsed, conditionJson, ...rest } = step;
      return { ...rest, condition: conditionJson };
    }),
    reEntry: definition.reEntry,
    exitOn: definition.exitOn,
  };
}

/** The step after `stepId` in list order; null after the last one. */
export function stepAfter(definition: JourneyDefinition, stepId: string): string | null {
  const i = definition.steps.findIndex((s) => s.id === stepId);
  return definition.steps[i + 1]?.id ?? null;
}
