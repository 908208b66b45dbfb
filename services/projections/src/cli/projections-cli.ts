// The operator CLI of the projections (docs/projections.md):
//   rebuild <projection> [--fresh] [--no-switch]   rebuild from the store into a new target, then switch
//   status [--json]                                serving target, rebuilds, checkpoints, lag, parked count
//   parked [<projection>] [--all]                  parked (poison) events; --all includes resolved ones
//   retry <id>                                     apply a parked event again (id or event id)
// Exit codes: 0 done, 1 failed, 2 usage or configuration error, 3 rebuild halted at a poison event.
import { ConfigError } from '@crm/messaging';
import type { Env, Logger } from '@crm/messaging';
import {
  IdempotentWriter,
  ParkedEventRepository,
  ParkedEventRetrier,
  ProjectionApplier,
  ProjectionHaltedError,
  ProjectionRebuilder,
  ProjectionTargetRepository,
  projectionReport,
} from '@crm/read-models';
import type { ProjectionDefinition } from '@crm/read-models';
import type { ProjectionStoreFactory } from '../projection-catalogue';
import { openProjectionInfrastructure } from '../projection-infrastructure';
import type { ProjectionInfrastructure } from '../projection-infrastructure';
import { loadProjectionsConfig } from '../projections.config';
import type { ProjectionsConfig } from '../projections.config';
import { rebuildProgressBar } from './rebuild-progress-bar';

export interface CliContext {
  readonly catalogue: readonly ProjectionDefinition[];
  readonly env: Env;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly logger: Logger;
  /** Aborted on SIGINT/SIGTERM: a rebuild stops after its current batch and can be resumed. */
  readonly signal?: AbortSignal;
  /** The store view a projection's rebuild reads (default: the raw store). */
  readonly storeFor?: ProjectionStoreFactory;
}

const USAGE = `usage: cli <command>
  rebuild <projection> [--fresh] [--no-switch]
  status [--json]
  parked [<projection>] [--all]
  retry <id>`;

export async function runProjectionsCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  const print = (line = ''): void => void ctx.stdout.write(`${line}\n`);
  const fail = (message: string, code = 1): number => {
    ctx.stderr.write(`${message}\n`);
    return code;
  };
  if (!command || command === 'help' || command === '--help') return fail(USAGE, command ? 0 : 2);
  if (!['rebuild', 'status', 'parked', 'retry'].includes(command))
    return fail(`unknown command ${JSON.stringify(command)}\n${USAGE}`, 2);

  let config: ProjectionsConfig;
  try {
    config = loadProjectionsConfig(
      ctx.env,
      ctx.catalogue.map((d) => d.name),
    );
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message, 2);
    throw error;
  }
  const find = (name: string | undefined): ProjectionDefinition | undefined =>
    ctx.catalogue.find((d) => d.name === name);
  if (command === 'rebuild' && !find(args[0]))
    return fail(
      `rebuild: unknown projection ${JSON.stringify(args[0] ?? '')} (known: ${ctx.catalogue.map((d) => d.name).join(', ') || 'none'})`,
      2,
    );
  if (command === 'retry' && !args[0])
    return fail('retry: which parked event? (see: cli parked)', 2);

  const infra = await openProjectionInfrastructure(config, ctx.logger, 'crm-projections-cli');
  try {
    switch (command) {
      case 'rebuild':
        return await rebuild(
          find(args[0])!,
          infra,
          config,
          ctx,
          { fresh: flags.has('--fresh'), switchAlias: !flags.has('--no-switch') },
          print,
          fail,
        );
      case 'status':
        return await status(infra, config, ctx, flags.has('--json'), print);
      case 'parked':
        return await parked(infra, args[0], flags.has('--all'), print);
      case 'retry':
        return await retry(infra, config, ctx, args[0]!, print, fail);
      default:
        return fail(USAGE, 2);
    }
  } finally {
    await infra.close();
  }
}

async function rebuild(
  definition: ProjectionDefinition,
  infra: ProjectionInfrastructure,
  config: ProjectionsConfig,
  ctx: CliContext,
  options: { fresh: boolean; switchAlias: boolean },
  print: (line?: string) => void,
  fail: (message: string, code?: number) => number,
): Promise<number> {
  const targets = new ProjectionTargetRepository(infra.connection);
  const rebuilder = new ProjectionRebuilder({
    store: ctx.storeFor
      ? await ctx.storeFor(definition, infra.store, config.masterKeys)
      : infra.store,
    storeHead: infra.storeHead,
    targets,
    logger: ctx.logger,
    kafka: infra.kafka,
    topicNamespace: config.topicNamespace,
    batchSize: config.batchSize,
  });
  const applier = new ProjectionApplier(
    definition,
    new IdempotentWriter(infra.connection),
    new ParkedEventRepository(infra.connection),
    ctx.logger,
  );
  const bar = rebuildProgressBar(definition.name, ctx.stderr);
  const started = Date.now();
  try {
    const result = await rebuilder.rebuild(applier, {
      ...options,
      onProgress: (p) => bar.update(p),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    bar.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (ctx.signal?.aborted) {
      print(
        `rebuild of ${definition.name} interrupted at position ${result.target.storeCheckpoint}; run it again to resume (target ${result.target._id})`,
      );
      return 1;
    }
    print(
      result.switched
        ? `rebuilt ${definition.name} v${definition.version} into ${result.target._id} up to position ${result.target.storeCheckpoint} in ${seconds}s; now serving (was ${result.previousTargetId ?? 'nothing'})`
        : `rebuilt ${definition.name} v${definition.version} into ${result.target._id} up to position ${result.target.storeCheckpoint} in ${seconds}s; not switched (--no-switch)`,
    );
    return 0;
  } catch (error) {
    bar.stop();
    if (error instanceof ProjectionHaltedError) return fail(error.message, 3);
    throw error;
  }
}

async function status(
  infra: ProjectionInfrastructure,
  config: ProjectionsConfig,
  ctx: CliContext,
  json: boolean,
  print: (line?: string) => void,
): Promise<number> {
  const reports = [];
  for (const definition of ctx.catalogue) {
    reports.push(
      await projectionReport(definition, {
        connection: infra.connection,
        storeHead: infra.storeHead,
        kafka: infra.kafka,
        topicNamespace: config.topicNamespace,
      }),
    );
  }
  if (json) {
    print(JSON.stringify(reports, null, 2));
    return 0;
  }
  if (reports.length === 0) print('no projections in the catalogue');
  for (const r of reports) {
    print(
      `${r.projection} v${r.version} (${r.source}, on poison: ${r.onPoison})  serving: ${r.servingTargetId ?? '-'}  store head: ${r.storeHead}  parked: ${r.parked}`,
    );
    for (const t of r.targets) {
      const lag = t.kafkaLag !== undefined ? `kafka lag ${t.kafkaLag}` : `store lag ${t.storeLag}`;
      print(
        `  ${t.serving ? '*' : ' '} ${t.id}  ${t.state.padEnd(8)}  checkpoint ${t.storeCheckpoint}  ${lag}`,
      );
    }
  }
  return 0;
}

async function parked(
  infra: ProjectionInfrastructure,
  projection: string | undefined,
  all: boolean,
  print: (line?: string) => void,
): Promise<number> {
  const list = await new ParkedEventRepository(infra.connection).list({
    ...(projection ? { projection } : {}),
    ...(all ? {} : { status: 'parked' as const }),
  });
  if (list.length === 0) print(all ? 'no parked events' : 'no unresolved parked events');
  for (const p of list) {
    const where =
      p.source.kind === 'kafka'
        ? `${p.source.topic}[${p.source.partition}]@${p.source.offset}`
        : 'store';
    print(
      `${p._id}\n  ${p.status} (${p.policy}), ${p.attempts} attempt(s), last ${p.lastAttemptAt.toISOString()}\n  ${p.type} ${p.streamId} v${p.streamVersion} at global position ${p.globalPosition} via ${where}\n  ${p.error}`,
    );
  }
  return 0;
}

async function retry(
  infra: ProjectionInfrastructure,
  config: ProjectionsConfig,
  ctx: CliContext,
  id: string,
  print: (line?: string) => void,
  fail: (message: string, code?: number) => number,
): Promise<number> {
  try {
    const retrier = new ParkedEventRetrier(
      infra.connection,
      ctx.catalogue,
      ctx.logger,
      async (definition) =>
        ctx.storeFor ? ctx.storeFor(definition, infra.store, config.masterKeys) : infra.store,
    );
    const result = await retrier.retry(id);
    if (result.resolved) {
      print(`${result.parked._id}: applied, resolved`);
      return 0;
    }
    return fail(
      `${result.parked._id}: still failing (attempt ${result.parked.attempts}): ${result.error ?? ''}`,
    );
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
