// kafkajs 2.2.4 computes a negative timer delay on Node ≥ 23 and Node prints a
// TimeoutNegativeWarning on every client connect (tulios/kafkajs#1751: harmless, the delay is
// clamped to 1 ms). Drop exactly that warning so the bench output stays readable; print the rest.
export function silenceKafkajsTimeoutWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    console.warn(`(node) ${warning.name}: ${warning.message}`);
  });
}
