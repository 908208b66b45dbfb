// P7: how costs grow with size, each part compared with itself at the smaller size.
//  a) append latency in a store of 10k events vs 1M (100k by default): p7/append-growth.ts;
//  b) aggregate load time for streams of 10, 1,000 and 10,000 events, full replay vs snapshot +
//     tail: p7/load-times.ts;
//  c) CSV import of 10k vs 100k rows through the gateway (300 vs 3,000 by default): p7/import-growth.ts.
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { appendGrowth } from './p7/append-growth';
import { importGrowth } from './p7/import-growth';
import { loadTimes } from './p7/load-times';

export const p7CostGrowth: Scenario = {
  id: 'P7',
  title:
    'Cost growth: append latency vs store size, aggregate load vs stream length, import vs rows',
  goal: 'append p99 grows ≤ 1.2× from 10k to 1M stored events; load time with snapshots flat; import linear',
  baseline: 'itself at the smaller size',

  workDatabases: ['crm_bench_p7_append', 'crm_bench_p7_load'],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    await appendGrowth(ctx, report);
    await loadTimes(ctx, report);
    await importGrowth(ctx, report);
  },
};
