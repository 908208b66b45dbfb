// The operator commands of a service's reactors, for its CLI entry point (customers:
// services/customers/src/reactors/reactors-cli.ts). Output is JSON on stdout; exit codes: 0 done,
// 2 bad usage, 3 a retry left events parked.
import type { Reactor } from './reactor';

export const REACTORS_CLI_USAGE = `usage:
  status                         checkpoint, head, lag and parked count of every reactor
  parked [--all]                 parked events (with --all also the resolved ones)
  retry <reactor> [eventId ...]  retry parked events once their fix is deployed
  replay <reactor> <position>    handle the events after <position> again (0 = all); a running
                                 reactor starts over from there at its next batch`;

export interface CliOutput {
  write(text: string): unknown;
}

export async function runReactorsCli(
  argv: readonly string[],
  reactors: readonly Reactor[],
  stdout: CliOutput,
  stderr: CliOutput,
): Promise<number> {
  const [command, name, ...rest] = argv;
  const print = (value: unknown): void => void stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const usage = (problem: string): number => {
    stderr.write(`${problem}\n${REACTORS_CLI_USAGE}\n`);
    return 2;
  };
  const named = (): Reactor | undefined => reactors.find((r) => r.name === name);
  switch (command) {
    case 'status':
      print(await Promise.all(reactors.map((r) => r.status())));
      return 0;
    case 'parked': {
      const all = name === '--all';
      print(
        Object.fromEntries(
          await Promise.all(
            reactors.map(async (r) => [r.name, await r.parked(all ? undefined : 'parked')]),
          ),
        ),
      );
      return 0;
    }
    case 'retry': {
      const reactor = named();
      if (!reactor) return usage(`unknown reactor "${name ?? ''}"; known: ${names(reactors)}`);
      const outcome = await reactor.retryParked(rest.length > 0 ? rest : undefined);
      print(outcome);
      return outcome.stillParked.length > 0 ? 3 : 0;
    }
    case 'replay': {
      const reactor = named();
      if (!reactor) return usage(`unknown reactor "${name ?? ''}"; known: ${names(reactors)}`);
      const position = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(position) || position < 0)
        return usage(`replay needs one position, a whole number ≥ 0 (got "${rest.join(' ')}")`);
      await reactor.replayFrom(position);
      print({ reactor: reactor.name, checkpoint: position });
      return 0;
    }
    case undefined:
      return usage('no command');
    default:
      return usage(`unknown command "${command}"`);
  }
}

function names(reactors: readonly Reactor[]): string {
  return reactors.map((r) => r.name).join(', ') || '(none)';
}
