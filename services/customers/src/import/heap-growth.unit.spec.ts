import { spawnSync } from 'node:child_process';
import { HEAP_GROWING_PERCENT, boundHeapGrowth } from './heap-growth';

describe('boundHeapGrowth', () => {
  it('leaves a growing factor the operator chose alone', () => {
    expect(boundHeapGrowth(30, '--heap-growing-percent=80')).toBe(false);
    expect(boundHeapGrowth(30, '--max-old-space-size=512 --heap_growing_percent=80')).toBe(false);
  });

  it('is a flag V8 accepts after boot: a process that sets it keeps running and collecting', () => {
    // Run in a child so this test process keeps V8's defaults.
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '-e',
        `require('node:v8').setFlagsFromString('--heap-growing-percent=${HEAP_GROWING_PERCENT}');
         let keep = [];
         for (let i = 0; i < 200; i++) { keep.push(new Array(10000).fill(i)); if (keep.length > 5) keep.shift(); }
         globalThis.gc();
         process.stdout.write('ok');`,
      ],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('ok');
  });

  it('applies the default when nothing was chosen', () => {
    expect(boundHeapGrowth(HEAP_GROWING_PERCENT, '--enable-source-maps')).toBe(true);
  });
});
