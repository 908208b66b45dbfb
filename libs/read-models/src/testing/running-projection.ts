// Runs a projection in a spec until the returned stop is awaited (the loop every read-model spec
// needs: a runner, an abort signal, and waiting for the run to end).
import type { ProjectionDefinition } from '../projection/projection-definition';
import { ProjectionRunner, type ProjectionRunnerDeps } from '../runner/projection-runner';

export function runProjection(
  definition: ProjectionDefinition,
  deps: ProjectionRunnerDeps,
): () => Promise<void> {
  const abort = new AbortController();
  const done = new ProjectionRunner(definition, deps).run(abort.signal);
  return async () => {
    abort.abort();
    await done;
  };
}
