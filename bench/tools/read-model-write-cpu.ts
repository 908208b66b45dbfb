// CPU of the MongoDB-wire server (and of this process, standing for the projections worker) per
// imported row for the read-model writes alone: the worker's projections that handle a
// registration (customer 360 and search, marketing audience, the reports' customer lifecycle…)
// apply P8-like imported rows (a person, one e-mail, the import
// channel, a region) in pages of 250 through the real applier and writer, on a fresh target each
// run. Run it against a private server (its pid given) so that other sessions' work is not in the
// figure; run it in two checkouts, alternating, to compare writer versions (ADR 0460). Bench tool,
// not part of the platform.
//
//   CRM_MONGO_URL=mongodb://127.0.0.1:<port>/bench_rmw MONGO_PID=<pid> ROWS=10000 [ONLY=customer-360,…] \
//     SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/tools/read-model-write-cpu.ts
import { customerStreamId } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import {
  applyWithRetry,
  connectMongo,
  IdempotentWriter,
  ParkedEventRepository,
  ProjectionApplier,
  ProjectionTargetRepository,
} from '@crm/read-models';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PROJECTIONS } from '../../services/projections/src/projection-catalogue';

const PAGE = 250;
const TICKS_PER_SECOND = 100;

function serverCpuSeconds(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
}

function importedRow(row: number, position: number): EventEnvelope {
  const customerId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'customers.CustomerRegistered',
    schemaVersion: 1,
    streamId: customerStreamId(customerId),
    streamVersion: 1,
    globalPosition: position,
    tenantId: 'bench-tenant',
    occurredAt: new Date().toISOString(),
    actor: { type: 'service', id: 'importer' } as unknown as EventEnvelope['actor'],
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: {
      customerId,
      kind: 'person',
      person: { firstName: `First${row}`, lastName: `Last${row}` },
      status: 'prospect',
      contacts: [
        {
          contactId: randomUUID(),
          contactKind: 'email',
          value: `row${row}@example.com`,
          primary: true,
        },
      ],
      channel: { channel: 'import', externalId: `import:bench` },
      demographics: { region: 'north' },
    },
    hash: '',
    previousHash: null,
  };
}

async function main(): Promise<void> {
  const url = process.env['CRM_MONGO_URL'];
  const pid = process.env['MONGO_PID'];
  if (!url || !pid) throw new Error('CRM_MONGO_URL and MONGO_PID are required');
  const rows = Number(process.env['ROWS'] ?? 10_000);
  const connection = await connectMongo(url);
  const targets = new ProjectionTargetRepository(connection);
  const writer = new IdempotentWriter(connection);
  const parking = new ParkedEventRepository(connection);
  const only = process.env['ONLY']?.split(',');
  const definitions = PROJECTIONS.filter(
    (d) =>
      d.eventTypes.includes('customers.CustomerRegistered') && (!only || only.includes(d.name)),
  );
  const events = Array.from({ length: rows }, (_, row) => importedRow(row, row + 1));
  const appliers = await Promise.all(
    definitions.map(async (definition) => ({
      applier: new ProjectionApplier(definition, writer, parking, silentLogger),
      target: await targets.createTarget(definition, { kafkaOffsets: new Map(), buildHead: 0 }),
    })),
  );
  const cpuBefore = serverCpuSeconds(pid);
  const started = process.hrtime.bigint();
  const ownBefore = process.cpuUsage();
  for (let i = 0; i < events.length; i += PAGE) {
    const page = events.slice(i, i + PAGE);
    await Promise.all(
      appliers.map(async ({ applier, target }) => {
        // As the worker does: a page that met an unreachable server (the loaded machine's
        // monitor timeouts) is applied again, which the writer makes harmless.
        const outcome = await applyWithRetry(applier, target, page, () => ({ kind: 'store' }), {
          signal: new AbortController().signal,
          logger: silentLogger,
        });
        if (outcome.parked.length > 0) throw new Error(`${applier.definition.name} parked events`);
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = serverCpuSeconds(pid) - cpuBefore;
  const own = process.cpuUsage(ownBefore);
  console.log(
    JSON.stringify({
      projections: definitions.map((d) => d.name),
      rows,
      seconds: Number(seconds.toFixed(2)),
      serverCpuMsPerRow: Number(((cpu * 1000) / rows).toFixed(4)),
      // What the projections worker spends on the same writes (changes, statements, BSON).
      workerCpuMsPerRow: Number(((own.user + own.system) / 1000 / rows).toFixed(4)),
    }),
  );
  await connection.db!.dropDatabase();
  await connection.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
