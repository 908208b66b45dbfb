// Entry point of a measurement child (see child.ts): runs one exported function, replies with its
// result and the process's peak RSS, then exits so nothing else runs in this process.
import type { ChildContext, ChildMessage } from './child';
import { silenceKafkajsTimeoutWarning } from './warnings';

silenceKafkajsTimeoutWarning();

type ChildRequest =
  | {
      readonly kind: 'run';
      readonly modulePath: string;
      readonly exportName: string;
      readonly input: unknown;
    }
  | { readonly kind: 'stop' };

const stop = new AbortController();

process.on('message', (request: ChildRequest) => {
  if (request.kind === 'stop') return stop.abort();
  void (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(request.modulePath) as Record<
        string,
        (input: unknown, context: ChildContext) => Promise<unknown>
      >;
      const fn = module[request.exportName];
      if (typeof fn !== 'function')
        throw new Error(`${request.modulePath} has no export ${request.exportName}`);
      const context: ChildContext = {
        notify: (data) => send({ kind: 'notice', data }),
        signal: stop.signal,
      };
      const result = await fn(request.input, context);
      // maxRSS is in kilobytes (getrusage); it is the peak of this process since it started.
      send(
        { kind: 'done', ok: true, result, maxRssBytes: process.resourceUsage().maxRSS * 1024 },
        0,
      );
    } catch (error) {
      send(
        {
          kind: 'done',
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
        1,
      );
    }
  })();
});

function send(message: ChildMessage, exitCode?: number): void {
  process.send!(message, undefined, {}, () => {
    if (exitCode !== undefined) process.exit(exitCode);
  });
}
