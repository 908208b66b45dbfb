// People get tables, machines get JSON (`--json`): the same data either way.
import Table from 'cli-table3';
import type { CliOutput } from './cli-context';

export function printJson(out: CliOutput, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(
  out: CliOutput,
  head: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows)
    table.push(row.map((cell) => (typeof cell === 'string' ? cell : (JSON.stringify(cell) ?? ''))));
  out.write(`${table.toString()}\n`);
}
