// The `importProgress(id)` subscription over graphql-ws: the import's status (counters, state, first
// page of rejected rows) each time it changes, ending after the final state. The run's progress is
// kept by the customers service in PostgreSQL; the gateway reads it with GetImportStatus about once
// a second per subscriber, so it needs no extra channel. Only the importer and admins may subscribe
// (the service answers NOT_FOUND to anyone else, as for importStatus).
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { type GatewayContext } from '../graphql/gateway-context';
import { ParseUuidPipe } from '../graphql/parse-uuid.pipe';
import { CustomerCommands } from './customer-commands';
import { importJobFromProto } from './grpc/customer-command.mappers';
import { ImportJob } from './models/command-results.model';
import { ImportState } from './models/customer-enums';

export const IMPORT_PROGRESS_POLL_MS = 1_000;

/** Yields `first`, then every status that differs from the previous one, until a final state. */
export async function* importProgressUpdates(
  first: ImportJob,
  read: () => Promise<ImportJob>,
  pollMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): AsyncGenerator<ImportJob> {
  let last = first;
  yield first;
  while (last.state === ImportState.RUNNING) {
    await sleep(pollMs);
    const next = await read();
    if (JSON.stringify(next) !== JSON.stringify(last)) yield next;
    last = next;
  }
}

@Resolver(() => ImportJob)
export class ImportProgressResolver {
  constructor(@Inject(CustomerCommands) private readonly commands: CustomerCommands) {}

  @Subscription(() => ImportJob, {
    description:
      'Progress of an import (graphql-ws): its status whenever it changes, until COMPLETED or FAILED.',
    resolve: (job: ImportJob) => job,
  })
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER, Role.AUDITOR)
  async importProgress(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @Context() ctx: GatewayContext,
  ): Promise<AsyncIterableIterator<ImportJob>> {
    const read = async (): Promise<ImportJob> =>
      importJobFromProto(
        await this.commands.send(ctx, 'GetImportStatus', {
          importId: id,
          rejectedPageSize: 100,
          rejectedPageToken: '',
        }),
      );
    // The first read happens here, so NOT_FOUND is the subscription's error rather than a dead stream.
    return importProgressUpdates(await read(), read, IMPORT_PROGRESS_POLL_MS);
  }
}
