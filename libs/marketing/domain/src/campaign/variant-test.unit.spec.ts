// A/B variants: the statistics against known values, the assignment's stability and spread, and
// when a winner may be declared.
import {
  decideWinner,
  inTestShare,
  meanZTest,
  normalCdf,
  twoProportionZTest,
  variantFor,
  type VariantOutcome,
} from './variant-test';

const binary = (variantId: string, recipients: number, successes: number): VariantOutcome => ({
  variantId,
  recipients,
  sum: successes,
  sumOfSquares: successes,
});

describe('A/B variant statistics', () => {
  it('has the standard normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
  });

  it('tests two proportions (pooled z): 20 % against 25 % of 1,000 each', () => {
    const test = twoProportionZTest(
      { successes: 200, trials: 1000 },
      { successes: 250, trials: 1000 },
    );
    expect(test.z).toBeCloseTo(2.6774, 3);
    expect(test.pValue).toBeCloseTo(0.00742, 4);
    // 10 % against 12 % of 100 each is well within chance.
    expect(
      twoProportionZTest({ successes: 10, trials: 100 }, { successes: 12, trials: 100 }).pValue,
    ).toBeCloseTo(0.6513, 3);
    expect(twoProportionZTest({ successes: 0, trials: 50 }, { successes: 0, trials: 50 })).toEqual({
      z: 0,
      pValue: 1,
    });
  });

  it('tests two means of revenue per recipient (Welch z)', () => {
    // a: 100 recipients, mean 10, sd 5; b: 100 recipients, mean 12, sd 5 → z = 2 / sqrt(0.5) ≈ 2.828.
    const outcome = (variantId: string, mean: number): VariantOutcome => ({
      variantId,
      recipients: 100,
      sum: 100 * mean,
      sumOfSquares: 99 * 25 + 100 * mean * mean,
    });
    const test = meanZTest(outcome('a', 10), outcome('b', 12));
    expect(test.z).toBeCloseTo(2.8284, 3);
    expect(test.pValue).toBeCloseTo(0.00468, 4);
  });

  it('declares the leader the winner only once it beats every other variant at the confidence', () => {
    const test = { metric: 'opened' as const, confidence: 0.95, minimumRecipients: 100 };
    expect(decideWinner(test, [binary('a', 1000, 200), binary('b', 1000, 250)])).toMatchObject({
      kind: 'winner',
      variantId: 'b',
    });
    expect(decideWinner(test, [binary('a', 100, 10), binary('b', 100, 12)])).toMatchObject({
      kind: 'undecided',
      leaderId: 'b',
    });
    // Too few recipients: no test at all.
    expect(decideWinner(test, [binary('a', 99, 0), binary('b', 1000, 900)])).toMatchObject({
      kind: 'undecided',
      leaderId: null,
    });
    // Three variants: each comparison at 0.025 (Bonferroni); p ≈ 0.0074 against both is enough,
    // p ≈ 0.040 against one of them is not.
    expect(
      decideWinner(test, [binary('a', 1000, 200), binary('b', 1000, 250), binary('c', 1000, 199)]),
    ).toMatchObject({ kind: 'winner', variantId: 'b' });
    expect(
      decideWinner(test, [binary('a', 1000, 200), binary('b', 1000, 238), binary('c', 1000, 150)]),
    ).toMatchObject({ kind: 'undecided', leaderId: 'b' });
  });

  it('assigns a customer the same variant every time, and spreads customers evenly', () => {
    const variants = [
      { variantId: 'a', templateId: 't1' },
      { variantId: 'b', templateId: 't2' },
    ];
    expect(variantFor('spring', 'anna', variants)).toBe(variantFor('spring', 'anna', variants));
    const ids = Array.from({ length: 4000 }, (_, i) => `customer-${i}`);
    const inA = ids.filter((id) => variantFor('spring', id, variants).variantId === 'a').length;
    expect(inA).toBeGreaterThan(1800);
    expect(inA).toBeLessThan(2200);
    const tested = ids.filter((id) => inTestShare('spring', id, 20)).length;
    expect(tested).toBeGreaterThan(700);
    expect(tested).toBeLessThan(900);
    expect(ids.every((id) => inTestShare('spring', id, 100))).toBe(true);
  });
});
