// P7 c) CSV import through the gateway (the bench platform), 10k vs 100k rows with --scale:
// linear means the time per row at 10× the rows stays within 1.2×.
import { PlatformUnavailableError, sharedPlatform } from '../../harness/platform';
import type { ReportBuilder } from '../../harness/result';
import type { BenchContext } from '../../harness/scenario';
import { importCsv } from '../../sides/csv-import';

export async function importGrowth(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  // 300 vs 3,000 by default: the import runs at ~100–150 rows/s on 2 shared cores, and the default
  // run must stay near 10 minutes. Same 10× step as the 10k vs 100k (--scale).
  const small = ctx.size(report, 'CSV rows (small import)', 300, 10_000);
  const large = ctx.size(report, 'CSV rows (large import)', 3_000, 100_000);
  const goal = `CSV import time per row, ${large.toLocaleString('en-US')} vs ${small.toLocaleString('en-US')} rows (linear: ≤ 1.2×)`;
  let platform;
  try {
    platform = await sharedPlatform(ctx.connections, ctx.log, { customer360: false });
  } catch (error) {
    if (!(error instanceof PlatformUnavailableError)) throw error;
    report.goal(goal, null, '<=', 1.2, '×', error.message);
    report.partial(`CSV import part not run: ${error.message}`);
    return;
  }
  report.setting('import', {
    via: 'POST /imports/customers (multipart upload) then importStatus polling every 100 ms',
    columns: 'First, Last, Email, Region',
    apps: platform.apps,
  });
  const perRow = new Map<string, number[]>();
  const memory = new Map<string, number[]>();
  for (let run = 0; run < ctx.runs; run++) {
    for (const rows of [small, large]) {
      const timing = await importCsv(platform, rows, `R${run}S${rows}T${Date.now()}`);
      const key = `import.${rows}`;
      perRow.set(key, [...(perRow.get(key) ?? []), timing.wallMs / rows]);
      for (const app of ['customers', 'gateway']) {
        const m = platform.memory(app);
        if (m)
          memory.set(`${key}.${app}`, [...(memory.get(`${key}.${app}`) ?? []), m.peakRssBytes]);
      }
      ctx.log(
        `run ${run + 1}/${ctx.runs} import of ${rows.toLocaleString('en-US')} rows: ${(timing.wallMs / 1000).toFixed(1)} s (${((rows * 1000) / timing.wallMs).toFixed(0)} rows/s)`,
      );
    }
  }
  for (const rows of [small, large]) {
    const key = `import.${rows}`;
    const extra = memory.get(`${key}.customers`)
      ? { peakRssBytes: memory.get(`${key}.customers`)! }
      : {};
    report.measure(
      key,
      'ours',
      `CSV import of ${rows.toLocaleString('en-US')} rows: time per row`,
      'ms/row',
      perRow.get(key)!,
      extra,
    );
    const gatewayRss = memory.get(`${key}.gateway`);
    if (gatewayRss)
      report.measure(
        `${key}.gateway-rss`,
        'ours',
        `gateway peak RSS after the ${rows.toLocaleString('en-US')}-row import`,
        'MiB',
        gatewayRss.map((b) => b / 2 ** 20),
      );
  }
  const growth = report.ratio(
    `import time per row, ${large} / ${small} rows`,
    `import.${large}`,
    'ours',
    `import.${small}`,
    'ours',
  );
  report.goal(goal, growth, '<=', 1.2, '×');
  report.note(
    "Import peak RSS is the customers service process's high-water mark (VmHWM) after each import; it is a long-running process, so the figure after the large import includes everything before it.",
  );
}
