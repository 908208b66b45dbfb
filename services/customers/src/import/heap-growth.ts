// The customers service's heap policy (docs/adr/0275). After each full collection V8 lets the old
// generation grow to up to ~4× its live size before the next one when collecting is cheap compared
// with the program's own work, which is the case during an import: the import holds a bounded
// amount (batches in flight, one staged chunk), but it allocates fast, so the garbage between two
// full collections (and the peak RSS) kept growing with the length of the file. A fixed growing
// factor keeps the heap within a set margin above what is live, whatever the file; unlike a
// `--max-old-space-size` cap it cannot make the service run out of memory when its live data
// legitimately grows. V8 reads the factor at every collection, so setting it at boot applies.
import { setFlagsFromString } from 'node:v8';

/** Old generation limit after a full collection: live size × (1 + this / 100). */
export const HEAP_GROWING_PERCENT = 30;

/** Applies the policy, unless the operator chose a growing factor in NODE_OPTIONS or the command. */
export function boundHeapGrowth(
  percent = HEAP_GROWING_PERCENT,
  chosen = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' '),
): boolean {
  if (/--heap[-_]growing[-_]percent/.test(chosen)) return false;
  setFlagsFromString(`--heap-growing-percent=${String(percent)}`);
  return true;
}
