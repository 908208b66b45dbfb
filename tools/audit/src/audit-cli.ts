// The auditor's command line: `npm run audit -- <command>`. Commands are thin: each parses its
// options and calls the library (libs/event-sourcing/src/audit). runAuditCli returns the exit
// code instead of exiting, so tests drive it in-process with their own environment and output.
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, type Env } from '@crm/messaging';
import { loadAuditCliConfig } from './audit-cli.config';
import { AuditCliError, type CliContext, type CliIo } from './cli-context';
import { checkpointCommand, keygenCommand } from './commands/checkpoint.command';
import { exportCommand } from './commands/export.command';
import { replayCommand } from './commands/replay.command';
import { stateCommand } from './commands/state.command';
import { verifyPackageCommand } from './commands/verify-package.command';
import { verifyCommand } from './commands/verify.command';
import { whoCommand } from './commands/who.command';

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export async function runAuditCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  let exitCode = 0;
  const context = (): CliContext => ({ config: loadAuditCliConfig(env), io });
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      exitCode = await action(...args);
    };
  const json = new Option('--json', 'machine-readable JSON output');
  const tenant = new Option('--tenant <tenantId>', 'refuse a stream of another tenant');
  const decrypt = new Option(
    '--decrypt',
    'decrypt personal data (needs CRM_MASTER_KEY); erased people show [erased]',
  );

  const program = new Command('audit')
    .description(
      "The auditor's tools: verify integrity, replay, state as of, who changed what, export",
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('verify')
    .description('check the hash chains and signed checkpoints; exit code 1 on any finding')
    .option('--stream <streamId>', "one stream's hash chain only")
    .option('--all', 'the whole log (the default)')
    .option('--from <position>', 'first global position')
    .option('--to <position>', 'last global position')
    .option(
      '--anchor <file>',
      'the last checkpoint you kept ({sequence, digest}): detects a cut-back log',
    )
    .option('--save-anchor <file>', 'write the last checkpoint seen, to pass as --anchor next time')
    .option(
      '--hash-workers <n>',
      'worker threads that parse and hash events (default: cores − 2 up to 4, none below 4 cores)',
    )
    .addOption(json)
    .action(
      run((options: Parameters<typeof verifyCommand>[1]) => verifyCommand(context(), options)),
    );

  program
    .command('state <streamId>')
    .description('the aggregate as of an instant or global position, and the events that led there')
    .requiredOption('--as-of <time|position>', 'ISO-8601 instant or global position')
    .addOption(tenant)
    .addOption(decrypt)
    .addOption(json)
    .action(
      run((streamId: string, options: Parameters<typeof stateCommand>[2]) =>
        stateCommand(context(), streamId, options),
      ),
    );

  program
    .command('who <streamId>')
    .description('who changed what and when: actor, correlation and causation of every change')
    .option('--field <path>', 'only changes of this payload field (dot path), with the value set')
    .addOption(tenant)
    .addOption(decrypt)
    .addOption(json)
    .action(
      run((streamId: string, options: Parameters<typeof whoCommand>[2]) =>
        whoCommand(context(), streamId, options),
      ),
    );

  program
    .command('replay')
    .description(
      'the global log in global order: JSON Lines (stored envelopes) to a file or stdout, or a Kafka topic',
    )
    .option('--from <time|position>', 'first global position, or first occurredAt (inclusive)')
    .option(
      '--to <time|position>',
      'last global position (inclusive), or occurredAt bound (exclusive)',
    )
    .option('--context <names>', 'bounded contexts (comma-separated, repeatable)', list)
    .option('--type <types>', 'event types', list)
    .option('--tenant <ids>', 'tenants', list)
    .option('--stream <ids>', 'stream ids', list)
    .addOption(new Option('--out <file>', 'write to this file instead of stdout'))
    .addOption(
      new Option(
        '--to-topic <topic>',
        "produce to this Kafka topic (CRM_AUDIT_KAFKA_BROKERS), keyed by stream id; never one of the platform's crm.<context>.events",
      ).conflicts('out'),
    )
    .addOption(decrypt)
    .addOption(json)
    .action(
      run((options: Parameters<typeof replayCommand>[1]) => replayCommand(context(), options)),
    );

  program
    .command('export')
    .description(
      'an audit package (events, chain links, signed checkpoints) for offline verification',
    )
    .option('--from <position>', 'first global position (widened to whole checkpoints)')
    .option('--to <position>', 'last global position (widened to whole checkpoints)')
    .requiredOption('--out <dir>', 'directory to write the package to')
    .addOption(json)
    .action(
      run((options: Parameters<typeof exportCommand>[1]) => exportCommand(context(), options)),
    );

  program
    .command('verify-package <dir>')
    .description('verify an audit package offline, with no database')
    .option(
      '--public-key <file>',
      'trusted checkpoint public key (PEM), repeatable',
      (v: string, p: string[] = []) => [...p, v],
    )
    .option('--anchor <file>', 'a checkpoint kept independently ({sequence, digest})')
    .addOption(json)
    .action(
      run((dir: string, options: Parameters<typeof verifyPackageCommand>[2]) =>
        verifyPackageCommand(context(), dir, options),
      ),
    );

  program
    .command('checkpoint')
    .description(
      'seal new events in signed checkpoints (the checkpointing process; needs the signing key)',
    )
    .option('--max-events <n>', 'most events per checkpoint (default 10000)')
    .addOption(json)
    .action(
      run((options: Parameters<typeof checkpointCommand>[1]) =>
        checkpointCommand(context(), options),
      ),
    );

  program
    .command('keygen')
    .description('create an Ed25519 checkpoint key pair')
    .requiredOption('--out <dir>', 'directory for checkpoint-signing.pem and checkpoint-public.pem')
    .action(run((options: { out: string }) => keygenCommand(context(), options)));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof AuditCliError || error instanceof ConfigError) {
      io.stderr.write(`audit: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
}
