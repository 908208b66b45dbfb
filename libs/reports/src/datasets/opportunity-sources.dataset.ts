// Opportunities by the source of the lead they were converted from (docs/reports.md, win rate by
// source): the pipeline board's rows, each joined with its lead's source from the lead queue, read
// in the viewer's sales record scope like the opportunities (a lead the viewer may not see, or an
// opportunity opened without a lead, has no source: `(none)`). A lead's source never changes, so
// as of an instant the rows are the opportunities' (opened by then, won or lost if closed by then).
import { SALES_LEADS_MODEL, SALES_LEADS_PROJECTION } from '@crm/sales-read-models';
import { NONE, declareDataset, documentsById, type DatasetSpec } from './dataset';
import { opportunitiesDataset } from './sales.datasets';

type Row = Record<string, unknown>;
const opportunities = opportunitiesDataset as DatasetSpec<Row>;

export const opportunitySourcesDataset = declareDataset<Row>({
  ...opportunities,
  name: 'opportunitySources',
  label: 'Opportunities by lead source',
  // The opportunities dataset reconciles the same streams.
  storeCategory: undefined,
  fields: [...opportunities.fields, 'leadId'],
  join: async (rows, source) => {
    const leadIds = [
      ...new Set(rows.flatMap((r) => (typeof r.leadId === 'string' ? [r.leadId] : []))),
    ];
    const leads = await documentsById<{ source?: string }>(
      source,
      SALES_LEADS_PROJECTION,
      SALES_LEADS_MODEL,
      leadIds,
      ['source'],
    );
    return rows.map((row) => ({
      ...row,
      leadSource: leads.get(String(row.leadId))?.source ?? NONE,
    }));
  },
  joinedProjections: [SALES_LEADS_PROJECTION],
  dimensions: {
    leadSource: {
      label: 'Lead source',
      value: (row) =>
        typeof row.leadSource === 'string' && row.leadSource ? row.leadSource : NONE,
    },
    ...opportunities.dimensions,
  },
  record: (row) => ({
    ...opportunities.record(row),
    leadSource: typeof row.leadSource === 'string' ? row.leadSource : NONE,
  }),
});
