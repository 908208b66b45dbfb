import {
  InvalidThresholdRuleError,
  isBreached,
  validateThresholdRule,
  watchedValue,
  type ThresholdRule,
} from './threshold-rules';

const SLA: ThresholdRule = {
  ruleId: 'sla-met',
  pack: 'serviceDesk',
  report: 'slaAndResolution',
  measure: 'slaMet',
  comparison: 'below',
  threshold: 90,
};

describe('threshold rules', () => {
  it('accepts a measure of a standard report and keeps only the rule fields', () => {
    expect(validateThresholdRule({ ...SLA, extra: 1 } as ThresholdRule)).toEqual(SLA);
  });

  it.each([
    [{ ruleId: 'Bad Id' }, 'ruleId'],
    [{ pack: 'nope' }, 'pack'],
    [{ pack: 'constructor' }, 'pack'],
    [{ report: 'nope' }, 'report'],
    [{ measure: 'customers' }, 'measure'],
    [{ comparison: 'equal' }, 'comparison'],
    [{ threshold: Number.NaN }, 'threshold'],
    [{ threshold: '90' }, 'threshold'],
  ])('refuses %j naming %s', (patch, field) => {
    const attempt = () => validateThresholdRule({ ...SLA, ...patch } as ThresholdRule);
    expect(attempt).toThrow(InvalidThresholdRuleError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidThresholdRuleError).field).toBe(field);
    }
  });

  it('breaches strictly on the watched side, never without a figure', () => {
    expect(isBreached(SLA, 89.99)).toBe(true);
    expect(isBreached(SLA, 90)).toBe(false);
    expect(isBreached(SLA, null)).toBe(false);
    const backlog = { ...SLA, comparison: 'above' as const, threshold: 10 };
    expect(isBreached(backlog, 11)).toBe(true);
    expect(isBreached(backlog, 10)).toBe(false);
  });

  it('reads the watched measure from the totals', () => {
    expect(watchedValue(SLA, ['tickets', 'slaMet'], [12, 75])).toBe(75);
    expect(watchedValue(SLA, ['tickets'], [12])).toBeNull();
  });
});
