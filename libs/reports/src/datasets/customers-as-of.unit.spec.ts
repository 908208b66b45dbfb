// Customers' RFM grid and value tier as of the first instant of a month: the read model buckets
// purchases by month, so at a month's start the earlier buckets are the whole history. The
// expected grid is computed here from the dated purchases themselves (not from month buckets),
// by the definitions of docs/reports.md; other instants are refused for these figures.
import { DATASETS } from './catalogue';
import { InvalidReportError, validateReport } from '../definition/report-definition';
import { aggregateReport } from '../engine/aggregate-report';
import { standardReport } from '../packs/standard-packs';

const NOW = new Date('2026-06-30T12:00:00Z');
const AS_OF = '2026-04-01T00:00:00Z';

interface Purchase {
  readonly at: string;
  readonly minor: number;
}

const PEOPLE: Record<string, { purchases: Purchase[]; gone?: string }> = {
  // Last bought in March (recency 5 as of April); 2 in the trailing 12 months; 400.00 → silver.
  a: {
    purchases: [
      { at: '2024-12-10T10:00:00Z', minor: 10_000 },
      { at: '2025-05-10T10:00:00Z', minor: 10_000 },
      { at: '2026-03-20T10:00:00Z', minor: 30_000 },
      { at: '2026-04-15T10:00:00Z', minor: 600_000 }, // after the instant: not counted
    ],
  },
  // First purchase after the instant: had never bought then.
  b: { purchases: [{ at: '2026-04-02T00:00:00Z', minor: 5_000 }] },
  // Every month from 2025-04 to 2026-03: 11 of them fall in the 12 months ending April 2026.
  c: {
    purchases: Array.from({ length: 12 }, (_, i) => ({
      at: new Date(Date.UTC(2025, 3 + i, 15)).toISOString(),
      minor: 50_000,
    })),
  },
  // Bought in October 2025 only (6 months back: recency 3).
  d: { purchases: [{ at: '2025-10-31T23:59:59Z', minor: 2_000 }] },
  // Merged away before the instant: not a customer then.
  e: { purchases: [{ at: '2026-01-05T00:00:00Z', minor: 1_000 }], gone: '2026-02-01T00:00:00Z' },
};

function doc(id: string) {
  const { purchases, gone } = PEOPLE[id]!;
  const months: Record<string, { count: number; minor: Record<string, number> }> = {};
  for (const p of purchases) {
    const m = (months[p.at.slice(0, 7)] ??= { count: 0, minor: { EUR: 0 } });
    m.count += 1;
    m.minor['EUR']! += p.minor;
  }
  return {
    _id: id,
    tenantId: 't',
    kind: 'person',
    status: gone ? 'merged' : 'active',
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: gone ?? '2026-06-01T00:00:00Z',
    purchases: { count: purchases.length, months },
  };
}

/** 0 for nothing, else 5 for the first threshold reached, 4 for the second, ... 1 for none. */
function band(value: number, thresholds: readonly number[]): number {
  if (value <= 0) return 0;
  for (const [i, threshold] of thresholds.entries()) if (value >= threshold) return 5 - i;
  return 1;
}

/** The RFM cell and purchases of one person at `asOf`, from the dated purchases. */
function expectedCell(id: string, asOf: Date): { cell: string[]; purchases: number } | null {
  const { purchases, gone } = PEOPLE[id]!;
  if (gone && Date.parse(gone) <= asOf.getTime()) return null;
  const before = purchases.filter((p) => Date.parse(p.at) < asOf.getTime());
  const windowStart = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 11, 1);
  const recent = before.filter((p) => Date.parse(p.at) >= windowStart);
  const last = before.map((p) => new Date(p.at)).sort((x, y) => +y - +x)[0];
  let recency = 0;
  if (last) {
    const back =
      (asOf.getUTCFullYear() - last.getUTCFullYear()) * 12 +
      asOf.getUTCMonth() -
      last.getUTCMonth();
    recency = back <= 1 ? 5 : back <= 3 ? 4 : back <= 6 ? 3 : back <= 12 ? 2 : 1;
  }
  const frequency = band(recent.length, [12, 6, 3, 2]);
  return { cell: [String(recency), String(frequency)], purchases: before.length };
}

const docs = Object.keys(PEOPLE).map(doc);
const run = (name: string, asOf?: string) =>
  aggregateReport(
    validateReport(standardReport('customers', name, asOf ? { asOf } : {}), DATASETS, NOW),
    docs,
  );

describe('customers as of the first instant of a month', () => {
  it('the independent frequency bands are the documented ones', () => {
    expect([0, 1, 2, 3, 5, 6, 11, 12].map((n) => band(n, [12, 6, 3, 2]))).toEqual([
      0, 1, 2, 3, 3, 4, 4, 5,
    ]);
  });

  it('the RFM grid counts the customers and purchases of then', () => {
    const asOf = new Date(AS_OF);
    const expected = new Map<string, number[]>();
    for (const id of Object.keys(PEOPLE)) {
      const cell = expectedCell(id, asOf);
      if (!cell) continue;
      const key = JSON.stringify(cell.cell);
      const [customers, purchases] = expected.get(key) ?? [0, 0];
      expected.set(key, [customers! + 1, purchases! + cell.purchases]);
    }
    const rows = [...expected]
      .map(([key, values]) => ({ dimensions: JSON.parse(key) as string[], values }))
      .sort((x, y) => x.dimensions.join().localeCompare(y.dimensions.join()));
    const grid = run('rfmGrid', AS_OF);
    expect(grid.rows).toEqual(rows);
    // By hand: a (5, 2: 2 purchases since May 2025), b (0, 0), c (5, 4: 11), d (3, 1).
    expect(grid.rows.map((r) => r.dimensions.join('/'))).toEqual(['0/0', '3/1', '5/2', '5/4']);
    expect(grid.totals).toEqual([4, 3 + 0 + 12 + 1]);
  });

  it('the value tier counts the spend of the 12 months before then', () => {
    // a: 100.00 + 300.00 = 400.00 → silver; b: none; c: 11 × 500.00 → platinum; d: 20.00 → bronze.
    expect(run('byValueTier', AS_OF).rows).toEqual([
      { dimensions: ['bronze'], values: [1] },
      { dimensions: ['none'], values: [1] },
      { dimensions: ['platinum'], values: [1] },
      { dimensions: ['silver'], values: [1] },
    ]);
  });

  it('refuses these figures at any other instant, naming the month rule', () => {
    for (const asOf of ['2026-04-15T00:00:00Z', '2026-04-01T00:00:01Z']) {
      expect(() => run('rfmGrid', asOf)).toThrow(InvalidReportError);
      expect(() => run('byValueTier', asOf)).toThrow(/dated by month/);
    }
    // Region (from encrypted addresses) stays undated; lifecycle and owner come from a history.
    expect(() => run('byRegion', AS_OF)).toThrow(/not dated/);
    expect(() => run('byLifecycle', AS_OF)).not.toThrow();
  });
});
