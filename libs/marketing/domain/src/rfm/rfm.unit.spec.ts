// RFM: quintile cut-offs of a currency's buyers, scores against them (5 the best), and the model's
// rules: configured cut-offs stay until changed, the same cut-offs again record nothing, bad ones
// are refused.
import {
  InvalidRfmCutOffsError,
  rfmModelDecider as decider,
  type RfmModelEvent,
} from './rfm-model.decider';
import { computeRfmCutOffs, quintileCutOffs, rfmScore } from './rfm';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('RFM scores', () => {
  it('splits five buyers into five scores in each dimension', () => {
    const buyers = [1, 2, 3, 4, 5].map((n) => ({
      count: n,
      totalMinor: n * 1_000,
      lastAt: daysAgo(60 - n * 10),
    }));
    const cutOffs = computeRfmCutOffs(buyers, NOW)!;
    expect(cutOffs).toEqual({
      recencyDays: [10, 20, 30, 40],
      frequency: [1, 2, 3, 4],
      monetaryMinor: [1_000, 2_000, 3_000, 4_000],
    });
    for (const dimension of ['recency', 'frequency', 'monetary'] as const)
      expect(buyers.map((b) => rfmScore(dimension, b, cutOffs, NOW))).toEqual([1, 2, 3, 4, 5]);
    // No order in the currency: no score.
    expect(rfmScore('frequency', { count: 0 }, cutOffs, NOW)).toBeUndefined();
    expect(rfmScore('recency', undefined, cutOffs, NOW)).toBeUndefined();
    expect(quintileCutOffs([])).toEqual([]);
    expect(computeRfmCutOffs([{ count: 0 }], NOW)).toBeUndefined();
  });
});

describe('the RFM model', () => {
  const set = (source: 'quintiles' | 'configured', frequency: number[]) => ({
    type: 'SetRfmCutOffs' as const,
    data: {
      currency: 'EUR',
      source,
      recencyDays: [7, 30, 90, 180],
      frequency,
      monetaryMinor: [0, 0, 100, 100],
      now: NOW.toISOString(),
    },
  });
  const fold = (events: readonly RfmModelEvent[]) =>
    events.reduce(decider.evolve, decider.initialState);

  it('records new cut-offs once, keeps configured ones from the nightly run, refuses bad ones', () => {
    const first = decider.decide(set('quintiles', [1, 1, 2, 3]), decider.initialState);
    expect(first).toHaveLength(1);
    expect(decider.decide(set('quintiles', [1, 1, 2, 3]), fold(first))).toEqual([]);
    const configured = decider.decide(set('configured', [1, 2, 5, 10]), fold(first));
    expect(configured[0]?.data.source).toBe('configured');
    const state = fold([...first, ...configured]);
    expect(decider.decide(set('quintiles', [2, 2, 2, 2]), state)).toEqual([]);
    expect(decider.decide(set('configured', [1, 2, 5, 20]), state)).toHaveLength(1);
    expect(() => decider.decide(set('configured', [3, 2, 1, 0]), state)).toThrow(
      InvalidRfmCutOffsError,
    );
    expect(() => decider.decide(set('configured', [1, 2, 3]), state)).toThrow(
      InvalidRfmCutOffsError,
    );
  });
});
