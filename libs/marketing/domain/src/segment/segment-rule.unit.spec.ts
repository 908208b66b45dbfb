// The rule language by example: what it accepts, what it refuses (typed, with paths), and why a
// customer is in a segment.
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidSegmentRuleError, RecordAlreadyExistsError } from '../errors';
import { evaluateSegment } from './segment-evaluation';
import { segmentFilter } from './segment-filter';
import { parseSegmentRule, segmentRuleToJson } from './segment-rule.parser';
import { segmentDecider } from './segment.decider';
import { NO_SEGMENT_INPUTS, monthsCovering, type AudienceCustomer } from './segment-rule';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const problemsOf = (input: unknown) => {
  try {
    parseSegmentRule(input);
  } catch (error) {
    if (error instanceof InvalidSegmentRuleError)
      return error.problems.map((p) => [p.path, p.code]);
    throw error;
  }
  throw new Error('accepted');
};

const bavarianVip = {
  and: [
    { field: 'region', op: 'in', value: ['Bavaria'] },
    { field: 'consent.email', op: 'eq', value: true },
    {
      or: [
        { field: 'tag', op: 'has', value: 'VIP' },
        { field: 'valueTier.EUR', op: 'in', value: ['gold', 'platinum'] },
      ],
    },
    { not: { field: 'purchase', op: 'purchasedInDays', value: 90 } },
  ],
};
const anna: AudienceCustomer = {
  _id: 'anna',
  kind: 'person',
  demographics: { region: 'Bavaria' },
  tags: { label: { vip: 'VIP' } },
  consents: { email: { granted: true } },
  purchases: { totalsMinor: { EUR: 150_000 }, months: { '2026-03': { count: 1 } } },
};

describe('segment rule parsing', () => {
  it('accepts the documented shapes and round-trips through JSON', () => {
    const rule = parseSegmentRule(bavarianVip);
    expect(parseSegmentRule(segmentRuleToJson(rule))).toEqual(rule);
  });

  it('refuses unknown fields and operators, type mismatches and extra keys, each at its path', () => {
    expect(
      problemsOf({
        and: [
          { field: 'email', op: 'eq', value: 'x' },
          { field: 'region', op: 'regex', value: ['a'] },
          { field: 'region', op: 'in', value: 'Bavaria' },
          { field: 'customField.score', op: 'gt', value: '5' },
          { field: 'purchase', op: 'noPurchaseInDays', value: 0 },
          { field: 'tag', op: 'has', value: 'x', $where: '1' },
          { or: [] },
        ],
      }),
    ).toEqual([
      ['and[0].field', 'UNKNOWN_FIELD'],
      ['and[1].op', 'UNKNOWN_OPERATOR'],
      ['and[2].value', 'TYPE_MISMATCH'],
      ['and[3].value', 'TYPE_MISMATCH'],
      ['and[4].value', 'TYPE_MISMATCH'],
      ['and[5].$where', 'MALFORMED'],
      ['and[6].or', 'MALFORMED'],
    ]);
  });

  it('refuses parameters that are not identifiers', () => {
    expect(problemsOf({ field: 'customField.$where', op: 'eq', value: 1 })).toEqual([
      ['field', 'UNKNOWN_FIELD'],
    ]);
    expect(problemsOf({ field: 'valueTier.eur', op: 'in', value: ['gold'] })).toEqual([
      ['field', 'UNKNOWN_FIELD'],
    ]);
  });
});

describe('segment evaluation: why is this customer in the segment', () => {
  it('lists the terms that matched', () => {
    const result = evaluateSegment(parseSegmentRule(bavarianVip), anna, NOW, NO_SEGMENT_INPUTS.rfm);
    expect(result).toEqual({
      matches: true,
      matchedTerms: [
        'region in [Bavaria]',
        'email consent granted',
        'has tag "vip"',
        'value tier (EUR) in [gold, platinum]',
        'not purchased in the last 90 days',
      ],
    });
  });

  it('a customer without email consent is not in it, and nothing is listed', () => {
    const withdrawn = { ...anna, consents: { email: { granted: false } } };
    expect(
      evaluateSegment(parseSegmentRule(bavarianVip), withdrawn, NOW, NO_SEGMENT_INPUTS.rfm),
    ).toEqual({
      matches: false,
      matchedTerms: [],
    });
  });

  it('"no purchase in N days" reads the month buckets the last N days touch', () => {
    expect(monthsCovering(NOW, 40)).toEqual(['2026-10', '2026-11']);
    const filter = segmentFilter(
      parseSegmentRule({ field: 'purchase', op: 'noPurchaseInDays', value: 40 }),
      NOW,
      NO_SEGMENT_INPUTS,
    );
    expect(filter).toEqual({
      $nor: [
        { 'purchases.months.2026-10.count': { $gt: 0 } },
        { 'purchases.months.2026-11.count': { $gt: 0 } },
      ],
    });
  });
});

describe('the Segment aggregate', () => {
  const spec = deciderSpec(segmentDecider);
  const rule = parseSegmentRule(bavarianVip);
  const define = {
    type: 'DefineSegment' as const,
    data: { segmentId: 's1', name: 'Bavarian VIPs', rule, now: NOW.toISOString() },
  };

  it('is defined with its rule as JSON', () => {
    spec
      .given([])
      .when(define)
      .then([
        {
          type: 'marketing.SegmentDefined',
          data: {
            segmentId: 's1',
            name: 'Bavarian VIPs',
            rule: segmentRuleToJson(rule),
            definedAt: NOW.toISOString(),
          },
        },
      ]);
  });

  it('cannot be defined twice', () => {
    spec
      .given([
        {
          type: 'marketing.SegmentDefined',
          data: { segmentId: 's1', name: 'x', rule: {}, definedAt: '' },
        },
      ])
      .when(define)
      .thenThrows(RecordAlreadyExistsError);
  });
});
