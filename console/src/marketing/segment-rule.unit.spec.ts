import { ruleOf } from './segment-rule';

describe('segment rule of the builder', () => {
  it('is null until a condition has a value', () => {
    expect(ruleOf([], 'and')).toBeNull();
    expect(ruleOf([{ kind: 'tag', value: '  ' }], 'and')).toBeNull();
  });

  it('is the single term when there is one condition', () => {
    expect(ruleOf([{ kind: 'tag', value: 'vip' }], 'and')).toEqual({
      field: 'tag',
      op: 'has',
      value: 'vip',
    });
  });

  it('joins the terms of docs/marketing.md, with lists, booleans, numbers and negation', () => {
    expect(
      ruleOf(
        [
          { kind: 'region', value: 'DE-BY, DE-BE' },
          { kind: 'valueTier', option: 'EUR', value: 'gold,platinum' },
          { kind: 'emailConsent', value: 'true' },
          { kind: 'purchase', option: 'purchasedInDays', value: '90', negate: true },
          { kind: 'kind', value: 'company' },
        ],
        'or',
      ),
    ).toEqual({
      or: [
        { field: 'region', op: 'in', value: ['DE-BY', 'DE-BE'] },
        { field: 'valueTier.EUR', op: 'in', value: ['gold', 'platinum'] },
        { field: 'consent.email', op: 'eq', value: true },
        { not: { field: 'purchase', op: 'purchasedInDays', value: 90 } },
        { field: 'kind', op: 'eq', value: 'company' },
      ],
    });
  });
});
