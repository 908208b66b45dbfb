// Export of a report result as CSV (RFC 4180, formula-injection safe) or XLSX (exceljs), for
// download. The file states its dataset, asOf and freshness so a figure never travels without them.
import ExcelJS from 'exceljs';
import type { ReportResult } from '../engine/report-engine';

export type ReportExportFormat = 'csv' | 'xlsx';

export interface ReportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

function table(result: ReportResult): (string | number | null)[][] {
  const header = [...result.dimensions, ...result.measures].map((c) => c.label);
  return [
    header,
    ...result.rows.map((r) => [...r.dimensions, ...r.values]),
    [...result.dimensions.map((_, i) => (i === 0 ? 'Total' : '')), ...result.totals],
  ];
}

function note(result: ReportResult): string {
  return `${result.dataset} as of ${result.asOf ?? result.generatedAt}; read model ${result.freshness.projection} ${result.freshness.eventsBehind} events behind the store`;
}

/** A cell a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection). */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function exportReport(
  result: ReportResult,
  format: ReportExportFormat,
): Promise<ReportFile> {
  const stamp = (result.asOf ?? result.generatedAt).replace(/[:.]/g, '-');
  const base = `report-${result.dataset}-${stamp}`;
  if (format === 'csv') {
    const lines = [[note(result)], ...table(result)].map((row) => row.map(csvCell).join(','));
    return {
      filename: `${base}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
    };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(result.dataset);
  sheet.addRow([note(result)]);
  for (const row of table(result)) sheet.addRow(row);
  sheet.getRow(2).font = { bold: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return {
    filename: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(buffer),
  };
}
