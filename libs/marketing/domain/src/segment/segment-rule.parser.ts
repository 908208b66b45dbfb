// Parses an untrusted segment rule (JSON from the API) into the typed AST, collecting every problem
// with its path. Accepted shapes:
//   { "and": [rule, ...] }   { "or": [rule, ...] }   { "not": rule }
//   { "field": "<field>", "op": "<operator>", "value": <value> }
// Fields: region (in: [string]), tag (has: string), kind (eq: person|company),
// consent.<email|sms|phone|push> (eq: boolean), valueTier.<CUR> (in: [tier]),
// customField.<name> (eq|ne: string|number|boolean; gt|gte|lt|lte: number),
// purchase (noPurchaseInDays|purchasedInDays: whole days), category.<name> (the same, day-exact),
// loyaltyTier (in: [string]), openOpportunities (comparison: whole number), lastCsat (comparison: 1-5),
// rfm.<CUR>.<recency|frequency|monetary> (in: [score 1-5]).
// Anything else is refused: an unknown field or operator, a value of the wrong type, extra keys.
import { InvalidSegmentRuleError, type RuleProblem } from '../errors';
import { MARKETING_LIMITS } from '../marketing.limits';
import { RFM_DIMENSIONS, RFM_SCORES, type RfmDimension, type RfmScore } from '../rfm/rfm';
import {
  CONSENT_CHANNELS,
  VALUE_TIERS,
  type Comparison,
  type ConsentChannel,
  type SegmentCondition,
  type SegmentRule,
  type ValueTier,
} from './segment-rule';

const CUSTOM_FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
const COMPARISONS: readonly Comparison[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'];
/** A product category as order lines name it: letters, digits, space, `_`, `-`, `&` (no `.` or `$`). */
const CATEGORY = /^[\p{L}\p{N}][\p{L}\p{N} _&-]{0,63}$/u;

type Json = Record<string, unknown>;

class RuleParser {
  readonly problems: RuleProblem[] = [];
  private conditions = 0;

  problem(path: string, code: RuleProblem['code'], message: string): undefined {
    this.problems.push({ path: path || '(rule)', code, message });
    return undefined;
  }

  rule(input: unknown, path: string, depth: number): SegmentRule | undefined {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return this.problem(path, 'MALFORMED', 'must be an object');
    if (depth > MARKETING_LIMITS.ruleDepth)
      return this.problem(path, 'TOO_LARGE', `nesting deeper than ${MARKETING_LIMITS.ruleDepth}`);
    const json = input as Json;
    const keys = Object.keys(json);
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or')) {
      const kind = keys[0];
      const list = json[kind];
      if (!Array.isArray(list) || list.length === 0)
        return this.problem(at(kind), 'MALFORMED', 'must be a non-empty list of rules');
      const rules = list.map((r, i) => this.rule(r, `${at(kind)}[${i}]`, depth + 1));
      return rules.every((r) => r !== undefined) ? { kind, rules } : undefined;
    }
    if (keys.length === 1 && keys[0] === 'not') {
      const rule = this.rule(json['not'], at('not'), depth + 1);
      return rule && { kind: 'not', rule };
    }
    if ('field' in json) {
      const extra = keys.filter((k) => k !== 'field' && k !== 'op' && k !== 'value');
      if (extra.length > 0)
        return this.problem(at(extra[0] ?? ''), 'MALFORMED', 'is not part of a condition');
      this.conditions += 1;
      if (this.conditions === MARKETING_LIMITS.ruleConditions + 1)
        this.problem(path, 'TOO_LARGE', `more than ${MARKETING_LIMITS.ruleConditions} conditions`);
      const condition = this.condition(json, path);
      return condition && { kind: 'condition', condition };
    }
    return this.problem(path, 'MALFORMED', 'must have exactly one of and, or, not, field');
  }

  private condition(json: Json, path: string): SegmentCondition | undefined {
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const field = json['field'];
    const op = json['op'];
    const value = json['value'];
    if (typeof field !== 'string')
      return this.problem(at('field'), 'MALFORMED', 'must be a string');
    if (typeof op !== 'string') return this.problem(at('op'), 'MALFORMED', 'must be a string');
    const [head, ...rest] = field.split('.');
    const param = rest.join('.');
    const badOp = () =>
      this.problem(at('op'), 'UNKNOWN_OPERATOR', `${field} has no operator ${op.slice(0, 40)}`);
    const mismatch = (expected: string) =>
      this.problem(at('value'), 'TYPE_MISMATCH', `${field} ${op} takes ${expected}`);
    const mismatchDays = () => mismatch(`whole days from 1 to ${MARKETING_LIMITS.purchaseDays}`);
    switch (head ?? '') {
      case 'region':
        if (rest.length > 0) break;
        if (op !== 'in') return badOp();
        return this.stringList(value, at('value'), field, (values) => ({
          field: 'region',
          op,
          values,
        }));
      case 'tag': {
        if (rest.length > 0) break;
        if (op !== 'has') return badOp();
        const text = this.string(value, at('value'))?.trim().toLowerCase().replace(/\s+/g, ' ');
        return text ? { field: 'tag', op, value: text } : mismatch('a non-empty string');
      }
      case 'kind':
        if (rest.length > 0) break;
        if (op !== 'eq') return badOp();
        return value === 'person' || value === 'company'
          ? { field: 'kind', op, value }
          : mismatch('person or company');
      case 'consent': {
        if (!CONSENT_CHANNELS.includes(param as ConsentChannel)) break;
        if (op !== 'eq') return badOp();
        return typeof value === 'boolean'
          ? { field: 'consent', channel: param as ConsentChannel, op, value }
          : mismatch('true or false');
      }
      case 'valueTier': {
        if (!CURRENCY.test(param)) break;
        if (op !== 'in') return badOp();
        if (
          !Array.isArray(value) ||
          value.length === 0 ||
          !value.every((v) => VALUE_TIERS.includes(v as ValueTier))
        )
          return mismatch(`a non-empty list of ${VALUE_TIERS.join(', ')}`);
        return {
          field: 'valueTier',
          currency: param,
          op,
          values: [...new Set(value as ValueTier[])],
        };
      }
      case 'customField': {
        if (!CUSTOM_FIELD_NAME.test(param)) break;
        if (!COMPARISONS.includes(op as Comparison)) return badOp();
        const comparison = op as Comparison;
        if (comparison === 'eq' || comparison === 'ne') {
          if (typeof value === 'number' && Number.isFinite(value))
            return { field: 'customField', name: param, op: comparison, value };
          if (typeof value === 'boolean')
            return { field: 'customField', name: param, op: comparison, value };
          const text = this.string(value, at('value'));
          return text === undefined
            ? mismatch('a string, number or boolean')
            : { field: 'customField', name: param, op: comparison, value: text };
        }
        return typeof value === 'number' && Number.isFinite(value)
          ? { field: 'customField', name: param, op: comparison, value }
          : mismatch('a number');
      }
      case 'purchase':
        if (rest.length > 0) break;
        if (op !== 'noPurchaseInDays' && op !== 'purchasedInDays') return badOp();
        return this.days(value, (days) => ({ field: 'purchase', op, days })) ?? mismatchDays();
      case 'category': {
        if (!CATEGORY.test(param)) break;
        if (op !== 'noPurchaseInDays' && op !== 'purchasedInDays') return badOp();
        const category = param.toLowerCase();
        return (
          this.days(value, (days) => ({ field: 'category', category, op, days })) ?? mismatchDays()
        );
      }
      case 'loyaltyTier':
        if (rest.length > 0) break;
        if (op !== 'in') return badOp();
        return this.stringList(value, at('value'), field, (values) => ({
          field: 'loyaltyTier',
          op,
          values,
        }));
      case 'openOpportunities':
      case 'lastCsat': {
        if (rest.length > 0) break;
        if (!COMPARISONS.includes(op as Comparison)) return badOp();
        const [min, max] = head === 'lastCsat' ? [1, 5] : [0, MARKETING_LIMITS.openOpportunities];
        const number = this.wholeNumber(value, min, max);
        return number === undefined
          ? mismatch(`a whole number from ${min} to ${max}`)
          : {
              field: head === 'lastCsat' ? 'lastCsat' : 'openOpportunities',
              op: op as Comparison,
              value: number,
            };
      }
      case 'rfm': {
        const [currency = '', dimension = ''] = rest;
        if (
          rest.length !== 2 ||
          !CURRENCY.test(currency) ||
          !RFM_DIMENSIONS.includes(dimension as RfmDimension)
        )
          break;
        if (op !== 'in') return badOp();
        if (
          !Array.isArray(value) ||
          value.length === 0 ||
          !value.every((v) => RFM_SCORES.includes(v as RfmScore))
        )
          return mismatch('a non-empty list of scores 1 to 5');
        return {
          field: 'rfm',
          currency,
          dimension: dimension as RfmDimension,
          op,
          values: [...new Set(value as RfmScore[])].sort(),
        };
      }
      default:
        break;
    }
    return this.problem(at('field'), 'UNKNOWN_FIELD', `unknown field ${field.slice(0, 80)}`);
  }

  private wholeNumber(value: unknown, min: number, max: number): number | undefined {
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : undefined;
  }

  private days(
    value: unknown,
    build: (days: number) => SegmentCondition,
  ): SegmentCondition | undefined {
    const days = this.wholeNumber(value, 1, MARKETING_LIMITS.purchaseDays);
    return days === undefined ? undefined : build(days);
  }

  private string(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (value.length > MARKETING_LIMITS.ruleValueLength) {
      this.problem(path, 'TOO_LARGE', `at most ${MARKETING_LIMITS.ruleValueLength} characters`);
      return undefined;
    }
    return value;
  }

  private stringList(
    value: unknown,
    path: string,
    field: string,
    build: (values: readonly string[]) => SegmentCondition,
  ): SegmentCondition | undefined {
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string'))
      return this.problem(path, 'TYPE_MISMATCH', `${field} in takes a non-empty list of strings`);
    if (value.length > MARKETING_LIMITS.ruleValues)
      return this.problem(path, 'TOO_LARGE', `at most ${MARKETING_LIMITS.ruleValues} values`);
    const strings = value.map((v, i) => this.string(v, `${path}[${i}]`));
    return strings.every((s) => s !== undefined) ? build([...new Set(strings)]) : undefined;
  }
}

/** The typed rule, or InvalidSegmentRuleError listing every problem with its path. */
export function parseSegmentRule(input: unknown): SegmentRule {
  const parser = new RuleParser();
  const rule = parser.rule(input, '', 1);
  if (parser.problems.length > 0 || rule === undefined)
    throw new InvalidSegmentRuleError(parser.problems);
  return rule;
}

/** The rule back as the JSON the parser accepts (stored in events, shown to users). */
export function segmentRuleToJson(rule: SegmentRule): unknown {
  switch (rule.kind) {
    case 'and':
    case 'or':
      return { [rule.kind]: rule.rules.map(segmentRuleToJson) };
    case 'not':
      return { not: segmentRuleToJson(rule.rule) };
    case 'condition': {
      const c = rule.condition;
      switch (c.field) {
        case 'region':
          return { field: 'region', op: c.op, value: c.values };
        case 'tag':
        case 'kind':
          return { field: c.field, op: c.op, value: c.value };
        case 'consent':
          return { field: `consent.${c.channel}`, op: c.op, value: c.value };
        case 'valueTier':
          return { field: `valueTier.${c.currency}`, op: c.op, value: c.values };
        case 'customField':
          return { field: `customField.${c.name}`, op: c.op, value: c.value };
        case 'purchase':
          return { field: 'purchase', op: c.op, value: c.days };
        case 'category':
          return { field: `category.${c.category}`, op: c.op, value: c.days };
        case 'loyaltyTier':
          return { field: 'loyaltyTier', op: c.op, value: c.values };
        case 'openOpportunities':
        case 'lastCsat':
          return { field: c.field, op: c.op, value: c.value };
        case 'rfm':
          return { field: `rfm.${c.currency}.${c.dimension}`, op: c.op, value: c.values };
        default: {
          const unknown: never = c;
          throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
        }
      }
    }
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown rule ${JSON.stringify(unknown)}`);
    }
  }
}
