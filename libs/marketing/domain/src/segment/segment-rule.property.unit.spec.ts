// Properties of the segment rule language: no user string ever becomes a store operator, and the
// compiled MongoDB filter selects exactly the customers the in-memory evaluation does. The filter
// is run by sift (MongoDB query semantics in memory, the matcher mongoose itself uses).
import fc from 'fast-check';
import sift from 'sift';
import { InvalidSegmentRuleError } from '../errors';
import { evaluateSegment } from './segment-evaluation';
import { SEGMENT_FILTER_OPERATORS, segmentFilter } from './segment-filter';
import { parseSegmentRule } from './segment-rule.parser';
import { NO_SEGMENT_INPUTS, type AudienceCustomer, type AudienceFacts } from './segment-rule';
import type { RfmCutOffs, RfmModels } from '../rfm/rfm';

const NOW = new Date('2026-11-30T10:00:00.000Z');

function operatorKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => operatorKeys(v, found));
  else if (typeof value === 'object' && value !== null)
    for (const [key, inner] of Object.entries(value)) {
      for (const segment of key.split('.')) if (segment.startsWith('$')) found.push(segment);
      operatorKeys(inner, found);
    }
  return found;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '$where',
    '$ne',
    '$gt',
    '.$',
    'a.$b',
    '$',
    '__proto__',
    'constructor',
    '{"$ne":1}',
  ),
);
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
    fc.record({ field: hostileString, op: hostileString, value: tie('value') }),
  ),
})).value;

const fieldNames = fc.constantFrom(
  'region',
  'tag',
  'kind',
  'consent.email',
  'consent.$where',
  'valueTier.EUR',
  'valueTier.$gt',
  'customField.vip',
  'customField.$where',
  'customField.a.$b',
  'purchase',
  'category.shoes',
  'category.$where',
  'category.a.$b',
  'loyaltyTier',
  'openOpportunities',
  'lastCsat',
  'rfm.EUR.recency',
  'rfm.EUR.$where',
  'rfm.$x.recency',
);
const conditionLike = fc.record({
  field: fc.oneof(fieldNames, hostileString),
  op: fc.oneof(fc.constantFrom('in', 'has', 'eq', 'ne', 'gt', 'noPurchaseInDays'), hostileString),
  value: hostileJson,
});

describe('segment rules: no operator injection', () => {
  it('any input either is refused with a typed error or compiles to known operators only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileJson,
          conditionLike,
          fc.record({ and: fc.array(conditionLike, { maxLength: 3 }) }),
          fc.record({ not: conditionLike }),
        ),
        (input) => {
          let filter: unknown;
          try {
            filter = segmentFilter(parseSegmentRule(input), NOW, NO_SEGMENT_INPUTS);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidSegmentRuleError);
            return;
          }
          for (const key of operatorKeys(filter)) expect(SEGMENT_FILTER_OPERATORS).toContain(key);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a tag or custom field value that looks like an operator stays a literal value', () => {
    const filter = segmentFilter(
      parseSegmentRule({
        or: [
          { field: 'tag', op: 'has', value: '$where' },
          { field: 'customField.vip', op: 'eq', value: '{"$ne":null}' },
        ],
      }),
      NOW,
      NO_SEGMENT_INPUTS,
    );
    expect(operatorKeys(filter).every((k) => SEGMENT_FILTER_OPERATORS.has(k))).toBe(true);
    expect(JSON.stringify(filter)).toContain('tags.label.%24where');
  });
});

// Valid rules and customers drawn from small shared vocabularies, so that they often match.
const region = fc.constantFrom('Bavaria', 'Shanghai', 'Texas');
const tag = fc.constantFrom('vip', 'Golf', 'wine lover', 'a.b', '$x');
const month = fc.constantFrom('2026-11', '2026-10', '2026-08', '2025-12', '2024-01');
const condition = fc.oneof(
  fc.record({
    field: fc.constant('region'),
    op: fc.constant('in'),
    value: fc.array(region, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ field: fc.constant('tag'), op: fc.constant('has'), value: tag }),
  fc.record({
    field: fc.constant('kind'),
    op: fc.constant('eq'),
    value: fc.constantFrom('person', 'company'),
  }),
  fc.record({
    field: fc.constantFrom('consent.email', 'consent.sms'),
    op: fc.constant('eq'),
    value: fc.boolean(),
  }),
  fc.record({
    field: fc.constantFrom('valueTier.EUR', 'valueTier.CNY'),
    op: fc.constant('in'),
    value: fc.uniqueArray(fc.constantFrom('none', 'bronze', 'silver', 'gold', 'platinum'), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    field: fc.constantFrom('customField.score', 'customField.vip', 'customField.constructor'),
    op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: -2, max: 2 }),
  }),
  fc.record({
    field: fc.constantFrom('customField.vip', 'customField.plan'),
    op: fc.constantFrom('eq', 'ne'),
    value: fc.oneof(fc.boolean(), fc.constantFrom('gold', 'basic')),
  }),
  fc.record({
    field: fc.constant('purchase'),
    op: fc.constantFrom('noPurchaseInDays', 'purchasedInDays'),
    value: fc.integer({ min: 1, max: 800 }),
  }),
  fc.record({
    field: fc.constantFrom('category.shoes', 'category.Home & Garden'),
    op: fc.constantFrom('noPurchaseInDays', 'purchasedInDays'),
    value: fc.integer({ min: 1, max: 800 }),
  }),
  fc.record({
    field: fc.constant('loyaltyTier'),
    op: fc.constant('in'),
    value: fc.array(fc.constantFrom('Silver', 'Gold'), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    field: fc.constant('openOpportunities'),
    op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    field: fc.constant('lastCsat'),
    op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    field: fc.constantFrom(
      'rfm.EUR.recency',
      'rfm.EUR.frequency',
      'rfm.EUR.monetary',
      'rfm.CNY.frequency',
    ),
    op: fc.constant('in'),
    value: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
  }),
);
/** Four non-decreasing cut-offs drawn from a few values, so that duplicates and edges occur. */
const cutOffs = (values: readonly number[]) =>
  fc
    .array(fc.constantFrom(...values), { minLength: 4, maxLength: 4 })
    .map((list) => [...list].sort((a, b) => a - b));
const rfmModel: fc.Arbitrary<RfmCutOffs> = fc.record({
  recencyDays: cutOffs([0, 1, 30, 60, 400]),
  frequency: cutOffs([0, 1, 2, 3]),
  monetaryMinor: cutOffs([0, 100, 5_000]),
});
/** An EUR model always (a CNY one sometimes: a rule over a currency without a model matches nobody). */
const rfmModels: fc.Arbitrary<RfmModels> = fc
  .tuple(rfmModel, fc.option(rfmModel))
  .map(([eur, cny]) => new Map([['EUR', eur], ...(cny ? [['CNY', cny] as const] : [])]));
const orderFigures = fc.record(
  {
    count: fc.integer({ min: 0, max: 4 }),
    totalMinor: fc.constantFrom(0, 100, 101, 5_000, 9_999),
    lastAt: fc.constantFrom(
      '2026-11-30T10:00:00.000Z',
      '2026-11-29T10:00:00.000Z',
      '2026-10-31T10:00:00.000Z',
      '2026-10-01T09:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
    ),
  },
  { requiredKeys: [] },
);
const instant = fc.constantFrom(
  '2026-11-29T10:00:00.000Z',
  '2026-10-01T00:00:00.000Z',
  '2025-01-01T00:00:00.000Z',
);
const rule: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
    condition,
    fc.record({ and: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('rule') }),
  ),
})).rule;
const customer: fc.Arbitrary<AudienceCustomer> = fc.record(
  {
    _id: fc.constant('c'),
    kind: fc.constantFrom('person', 'company'),
    demographics: fc.record({ region }, { requiredKeys: [] }),
    tags: fc.dictionary(
      fc.constantFrom('label', 'interest', 'buying_motive'),
      fc.dictionary(
        tag.map((t) => t.trim().toLowerCase().replace(/\./g, '%2E').replace(/^\$/, '%24')),
        fc.constant('t'),
      ),
    ),
    customFields: fc.dictionary(
      fc.constantFrom('score', 'vip', 'plan'),
      fc.oneof(
        fc.integer({ min: -2, max: 2 }),
        fc.boolean(),
        fc.constantFrom('gold', 'basic', '1'),
      ),
    ),
    consents: fc.record(
      { email: fc.record({ granted: fc.boolean() }), sms: fc.record({ granted: fc.boolean() }) },
      { requiredKeys: [] },
    ),
    purchases: fc.record(
      {
        totalsMinor: fc.dictionary(
          fc.constantFrom('EUR', 'CNY'),
          fc.constantFrom(0, 1, 24_999, 25_000, 99_999, 100_000, 500_000, 9_000_000),
        ),
        months: fc.dictionary(month, fc.record({ count: fc.integer({ min: 0, max: 2 }) })),
      },
      { requiredKeys: [] },
    ),
    categories: fc.dictionary(
      fc.constantFrom('shoes', 'home & garden', 'toys'),
      fc.record({ lastPurchasedAt: instant }),
    ),
    loyalty: fc.record({ tier: fc.constantFrom('Silver', 'Gold', 'Bronze') }, { requiredKeys: [] }),
    orders: fc.dictionary(fc.constantFrom('EUR', 'CNY'), orderFigures),
    facts: fc.record(
      {
        openOpportunities: fc.integer({ min: 0, max: 3 }),
        lastCsat: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['_id', 'kind'] },
);

describe('segment rules: the MongoDB filter and the in-memory evaluation agree', () => {
  it('for any valid rule and customer', () => {
    fc.assert(
      fc.property(rule, customer, rfmModels, (input, doc, rfm) => {
        const parsed = parseSegmentRule(input);
        // The joined facts reach the filter as the audience loads them (by customer id), never on
        // the document, and other customers' facts are in the map too.
        const { facts, ...stored } = doc;
        const joined: AudienceFacts = new Map([
          ['other', { openOpportunities: 1, lastCsat: 3 }],
          ...(facts ? [[doc._id, facts] as const] : []),
        ]);
        const byFilter = sift(
          segmentFilter(parsed, NOW, { facts: joined, rfm }) as Parameters<typeof sift>[0],
        )(stored);
        const evaluation = evaluateSegment(parsed, doc, NOW, rfm);
        expect(evaluation.matches).toBe(byFilter);
        expect(evaluation.matchedTerms.length > 0).toBe(evaluation.matches);
      }),
      { numRuns: 3000 },
    );
  });
});
