// The demo seed's last step: runs every standard report as the admin and prints its totals, so the
// demo shows (and checks) that each pack has figures over the seeded data. Read models trail the
// writes, so an empty pack is retried for a while before the seed fails.
import type { MustQuery } from './seed-demo-service-desk';

const STANDARD_REPORTS = `{ standardReports { pack name } }`;
const STANDARD_REPORT = `query($pack: String!, $name: String!) { standardReport(pack: $pack, name: $name) {
  measures { label } totals rowCount freshness { eventsBehind } } }`;

interface Figures {
  measures: { label: string }[];
  totals: (number | null)[];
  rowCount: number;
  freshness: { eventsBehind: number };
}

export async function showStandardReports(must: MustQuery, admin: string): Promise<void> {
  const { standardReports } = await must<{ standardReports: { pack: string; name: string }[] }>(
    STANDARD_REPORTS,
    {},
    admin,
  );
  for (const { pack, name } of standardReports) {
    let figures: Figures | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      figures = (await must<{ standardReport: Figures }>(STANDARD_REPORT, { pack, name }, admin))
        .standardReport;
      if (figures.rowCount > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!figures || figures.rowCount === 0)
      throw new Error(`demo seed failed: the standard report ${pack}/${name} has no rows`);
    const shown = figures.measures.map((m, i) => `${m.label} ${figures.totals[i] ?? '-'}`);
    console.log(
      `Report ${pack}/${name}: ${shown.join(', ')} (${figures.freshness.eventsBehind} events behind)`,
    );
  }
}
