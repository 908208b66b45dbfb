// Exports carry the figures with their instant and lag; CSV cells are quoted per RFC 4180 and a
// cell a spreadsheet would run as a formula is neutralised.
import ExcelJS from 'exceljs';
import type { ReportResult } from '../engine/report-engine';
import { exportReport } from './report-export';

const RESULT: ReportResult = {
  dataset: 'leads',
  dimensions: [{ key: 'source', label: 'Source' }],
  measures: [
    { key: 'leads', label: 'Leads' },
    { key: 'conversionRate', label: 'Converted %' },
  ],
  rows: [
    { dimensions: ['=HYPERLINK("http://x")'], values: [2, 50] },
    { dimensions: ['web, "form"'], values: [1, null] },
  ],
  totals: [3, 33.33],
  rowCount: 3,
  asOf: null,
  generatedAt: '2026-06-30T12:00:00.000Z',
  freshness: { projection: 'sales-leads', appliedPosition: 10, storeHead: 12, eventsBehind: 2 },
};

describe('exportReport', () => {
  it('writes CSV with the context line, quoting and no formulas', async () => {
    const file = await exportReport(RESULT, 'csv');
    expect(file.filename).toBe('report-leads-2026-06-30T12-00-00-000Z.csv');
    expect(file.content.toString('utf8').split('\r\n')).toEqual([
      'leads as of 2026-06-30T12:00:00.000Z; read model sales-leads 2 events behind the store',
      'Source,Leads,Converted %',
      `"'=HYPERLINK(""http://x"")",2,50`,
      '"web, ""form""",1,',
      'Total,3,33.33',
      '',
    ]);
  });

  it('writes an XLSX workbook with the same figures', async () => {
    const file = await exportReport(RESULT, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as never);
    const sheet = workbook.getWorksheet('leads')!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'Source', 'Leads', 'Converted %']);
    expect(sheet.getRow(4).values).toEqual([undefined, 'web, "form"', 1]);
    expect(sheet.getRow(5).values).toEqual([undefined, 'Total', 3, 33.33]);
  });
});
