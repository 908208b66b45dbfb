// Threshold rules on standard reports ("SLA met % below 90"): what a tenant may set, checked once
// at the edge, and the pure parts of evaluating them. A rule watches one measure of one standard
// report's totals (the whole tenant, since the evaluation runs under the reports' system identity).
import {
  STANDARD_PACKS,
  standardReport,
  UnknownStandardReportError,
} from '../packs/standard-packs';

export type ThresholdComparison = 'below' | 'above';

export interface ThresholdRule {
  /** Chosen by the tenant (`sla-met`); setting a rule with the same id replaces it. */
  readonly ruleId: string;
  readonly pack: string;
  readonly report: string;
  readonly measure: string;
  readonly comparison: ThresholdComparison;
  readonly threshold: number;
}

export class InvalidThresholdRuleError extends Error {
  constructor(
    readonly field: keyof ThresholdRule,
    readonly reason: string,
  ) {
    super(`Invalid threshold rule: ${field} ${reason}`);
    this.name = 'InvalidThresholdRuleError';
  }
}

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A tenant's rules are evaluated together every hour: keep the work bounded. */
export const MAX_THRESHOLD_RULES = 50;

export function validateThresholdRule(input: ThresholdRule): ThresholdRule {
  if (typeof input.ruleId !== 'string' || !RULE_ID.test(input.ruleId))
    throw new InvalidThresholdRuleError('ruleId', 'must be 1 to 64 of a-z, 0-9 and -');
  if (!Object.prototype.hasOwnProperty.call(STANDARD_PACKS, input.pack))
    throw new InvalidThresholdRuleError(
      'pack',
      `must be one of ${Object.keys(STANDARD_PACKS).join(', ')}`,
    );
  let measures: readonly string[];
  try {
    measures = standardReport(input.pack, input.report).measures;
  } catch (error) {
    if (error instanceof UnknownStandardReportError)
      throw new InvalidThresholdRuleError('report', `is not a standard report of ${input.pack}`);
    throw error;
  }
  if (!measures.includes(input.measure))
    throw new InvalidThresholdRuleError('measure', `must be one of ${measures.join(', ')}`);
  if (input.comparison !== 'below' && input.comparison !== 'above')
    throw new InvalidThresholdRuleError('comparison', 'must be below or above');
  if (typeof input.threshold !== 'number' || !Number.isFinite(input.threshold))
    throw new InvalidThresholdRuleError('threshold', 'must be a finite number');
  const { ruleId, pack, report, measure, comparison, threshold } = input;
  return { ruleId, pack, report, measure, comparison, threshold };
}

/** Strictly below / above: a figure equal to the threshold is fine; no figure never breaches. */
export function isBreached(rule: ThresholdRule, value: number | null): value is number {
  if (value === null) return false;
  return rule.comparison === 'below' ? value < rule.threshold : value > rule.threshold;
}

/** The rule's figure: the standard report's total of the watched measure. */
export function watchedValue(
  rule: ThresholdRule,
  measures: readonly string[],
  totals: readonly (number | null)[],
): number | null {
  const index = measures.indexOf(rule.measure);
  return index < 0 ? null : (totals[index] ?? null);
}
