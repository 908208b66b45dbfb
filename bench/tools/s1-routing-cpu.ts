// CPU per routed lead (capture, duplicate check, route through the team, assign; no scoring) with a
// long team stream, with and without team snapshots (ADR 0285): the process's own CPU (the sales
// application in process) and PostgreSQL's, from /proc, which hardly depend on other work sharing
// the cores. The team stream is first filled with `prefill` routed leads, then `measured` more are
// timed. The server must run on this machine.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/tools/s1-routing-cpu.ts [prefill] [measured]
import { Role, systemCaller } from '@crm/access-policy';
import { v7 as uuidv7 } from 'uuid';
import { parseInboundLead } from '../../services/sales/src/inbound/inbound-lead.parser';
import { loadConnections } from '../harness/connections';
import { benchPool, dropDatabase, recreateDatabase } from '../harness/postgres';
import { infraServerCpuMs, processCpuMs } from '../harness/process-cpu';
import { benchTeam, salesBenchApplication } from '../harness/sales-application';

const TENANT = 'bench-routing';
const TEAM = 'bench-team';

async function measure(snapshots: boolean, prefill: number, measured: number) {
  const suffix = (process.env['BENCH_PLATFORM_SUFFIX'] ?? '').replace(/[^a-z0-9_]/g, '');
  const database = `crm_bench_routing${suffix}`;
  const url = await recreateDatabase(loadConnections().postgresUrl, database);
  const pool = benchPool(url, 4);
  try {
    const { app, raw } = await salesBenchApplication(pool, snapshots);
    const caller = systemCaller('bench', TENANT, [Role.ADMIN]);
    const meta = (key: string) => ({
      caller,
      tenantId: TENANT,
      correlationId: uuidv7(),
      idempotencyKey: key,
    });
    await app.defineSalesTeam(meta('team'), benchTeam(TEAM));
    const route = async () => {
      const leadId = uuidv7();
      const payload = JSON.stringify({
        messageId: leadId,
        contact: { name: 'Bench Lead', email: `${leadId}@bench.example` },
        teamId: TEAM,
      });
      const request = parseInboundLead(payload, leadId, caller, () => new Date().toISOString());
      await app.captureInboundLead(meta(leadId), request);
    };
    for (let i = 0; i < prefill; i++) await route();
    await app.snapshotsWritten();
    const cpu = processCpuMs(process.pid) ?? 0;
    const postgres = infraServerCpuMs('postgres') ?? 0;
    const started = performance.now();
    for (let i = 0; i < measured; i++) await route();
    const elapsed = performance.now() - started;
    await raw.close();
    return {
      snapshots,
      teamStreamAtStart: prefill + 1,
      processCpuMsPerLead: ((processCpuMs(process.pid) ?? 0) - cpu) / measured,
      postgresCpuMsPerLead: ((infraServerCpuMs('postgres') ?? 0) - postgres) / measured,
      wallMsPerLead: elapsed / measured,
    };
  } finally {
    await pool.end().catch(() => undefined);
    await dropDatabase(loadConnections().postgresUrl, database);
  }
}

async function main(): Promise<void> {
  const prefill = Number(process.argv[2] ?? 2000);
  const measured = Number(process.argv[3] ?? 200);
  for (const snapshots of [false, true]) {
    console.log(JSON.stringify(await measure(snapshots, prefill, measured)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
