// P9 (issue 18's "P8": renamed, P8 was already the import): registrations end to end through
// GraphQL with every app and server running. 8 clients in a closed loop send registerCustomer to
// the bench's own platform until N are answered; the run ends when the last one is visible in the
// customer 360 read model. Reported: registrations/s end to end (N / first send → last visible),
// the gateway's answer rate, and the CPU time every process spent per registration, the servers
// included (PostgreSQL with all its backends, the Kafka and MongoDB-wire JVMs), from /proc.
// The servers' CPU is the whole server's: on a shared machine it includes other clients' work, so
// the JSON records the load average and these figures are only meaningful on a quiet machine.
import mongoose from 'mongoose';
import { Client } from 'pg';
import { LatencyHistogram } from '../harness/histogram';
import type { LatencySummary } from '../harness/histogram';
import {
  PlatformUnavailableError,
  graphql,
  servingCollection,
  sharedPlatform,
} from '../harness/platform';
import type { Platform } from '../harness/platform';
import { backendCpuBetween, backendCpuMs } from '../harness/postgres-backends';
import { infraServerCpuMs } from '../harness/process-cpu';
import type { InfraServer } from '../harness/process-cpu';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { perSecond } from '../harness/stats';
import { sleep } from '../harness/timer';

const CLIENTS = 8;
const GOAL_PER_SECOND = 200;
const GOAL_CPU_MS = 10;
const SERVERS: readonly InfraServer[] = ['postgres', 'kafka', 'mongo'];
/** The PostgreSQL backends serving the platform's own database: its share of the shared server. */
const PLATFORM_BACKENDS = 'postgres (platform database backends)';
// The visibility poll is the bench's own load on the MongoDB-wire server, counted in its CPU per
// registration: while registrations are still being sent only the time the LAST one becomes
// visible matters, so the poll is sparse then and dense only for the tail (ADR 0368).
const POLL_WHILE_SENDING_MS = 100;
const POLL_TAIL_MS = 5;
const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }';

export const p9RegistrationCapacity: Scenario = {
  id: 'P9',
  title: 'Registrations end to end through GraphQL: rate and CPU per registration per process',
  goal: '≥ 200 registrations/s end to end; ≤ 10 ms of CPU per registration over all processes',
  baseline: '— (absolute figures; the machine and its load are recorded)',
  workDatabases: [],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const count = ctx.size(report, 'registrations per run', 1_000, 10_000);
    const rateGoal = `registrations/s end to end (answered and visible in customer 360) ≥ ${GOAL_PER_SECOND}`;
    const cpuGoal = `CPU per registration, all processes ≤ ${GOAL_CPU_MS} ms`;
    let platform: Platform;
    try {
      platform = await sharedPlatform(ctx.connections, ctx.log, { customer360: true });
    } catch (error) {
      if (!(error instanceof PlatformUnavailableError)) throw error;
      report.goal(rateGoal, null, '>=', GOAL_PER_SECOND, 'registrations/s', error.message);
      report.goal(cpuGoal, null, '<=', GOAL_CPU_MS, 'ms', error.message);
      report.notRun(`platform not available: ${error.message}`);
      return;
    }
    const processes = [...platform.apps, ...SERVERS];
    const cpuOf = (name: string): number | undefined =>
      (SERVERS as readonly string[]).includes(name)
        ? infraServerCpuMs(name as InfraServer)
        : platform.cpuMs(name);
    report.setting('load', {
      mutation: 'registerCustomer (person + e-mail)',
      clients: `${CLIENTS}, closed loop (each sends its next registration when the last is answered)`,
      visibility: `poll of the serving customer_360 collection every ${POLL_WHILE_SENDING_MS} ms while the clients send, every ${POLL_TAIL_MS} ms after the last answer`,
      processes,
      serverCpu:
        'whole server from /proc (PostgreSQL: postmaster + every backend + reaped ones); includes any other client of the shared servers',
    });
    const token = await platform.token();
    const connection = await mongoose
      .createConnection(platform.mongoUrl, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    const database = new Client({ connectionString: platform.postgresUrl });
    await database.connect();
    try {
      const collection = await servingCollection(connection);
      // Untimed warm-up: JIT, pools, the first Kafka batches.
      await oneRun(platform, token, collection, 'warm', Math.min(200, count));
      const endToEnd: number[] = [];
      const answered: number[] = [];
      const latency: LatencySummary[] = [];
      const cpu = new Map<string, number[]>(processes.map((p) => [p, []]));
      const platformBackends: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const before = new Map(processes.map((p) => [p, cpuOf(p)]));
        const backendsBefore = await backendCpuMs(database);
        const result = await oneRun(platform, token, collection, `r${run}`, count);
        const backends = backendCpuBetween(backendsBefore, await backendCpuMs(database)) / count;
        platformBackends.push(backends);
        const perRegistration: string[] = [`${PLATFORM_BACKENDS} ${backends.toFixed(2)}`];
        for (const p of processes) {
          const a = before.get(p);
          const b = cpuOf(p);
          if (a === undefined || b === undefined) continue;
          cpu.get(p)!.push((b - a) / count);
          perRegistration.push(`${p} ${((b - a) / count).toFixed(2)}`);
        }
        // Logged per run: a later run that fails (a loaded machine) must not hide these figures.
        ctx.log(
          `run ${run + 1}/${ctx.runs}: CPU ms per registration: ${perRegistration.join(', ')}`,
        );
        endToEnd.push(result.endToEndPerSecond);
        answered.push(result.answeredPerSecond);
        latency.push(result.answered);
        ctx.log(
          `run ${run + 1}/${ctx.runs}: ${result.endToEndPerSecond.toFixed(0)} registrations/s end to end, answered at ${result.answeredPerSecond.toFixed(0)}/s (p99 ${result.answered.p99Ms} ms)`,
        );
      }
      report.measure('rate.endToEnd', 'ours', 'registrations/s, sent → visible', '/s', endToEnd);
      report.measure(
        'rate.answered',
        'ours',
        'registrations answered by the gateway',
        '/s',
        answered,
        {
          latency,
        },
      );
      const measured = processes.filter((p) => cpu.get(p)!.length === ctx.runs);
      for (const p of measured)
        report.measure(`cpu.${p}`, 'ours', `CPU per registration: ${p}`, 'ms', cpu.get(p)!);
      const totals = Array.from({ length: ctx.runs }, (_, run) =>
        measured.reduce((sum, p) => sum + cpu.get(p)![run]!, 0),
      );
      report.measure('cpu.total', 'ours', 'CPU per registration: all processes', 'ms', totals);
      // Part of the PostgreSQL figure above, but without other sessions' work: comparable on a
      // shared machine, where the whole server's figure is not.
      report.measure(
        'cpu.platformBackends',
        'ours',
        `CPU per registration: ${PLATFORM_BACKENDS}`,
        'ms',
        platformBackends,
      );
      report.goal(
        rateGoal,
        report.find('rate.endToEnd', 'ours')!.median,
        '>=',
        GOAL_PER_SECOND,
        'registrations/s',
      );
      const missing = processes.filter((p) => !measured.includes(p));
      report.goal(
        cpuGoal,
        missing.length === 0 ? report.find('cpu.total', 'ours')!.median : null,
        '<=',
        GOAL_CPU_MS,
        'ms',
        missing.length > 0
          ? `no CPU figure for ${missing.join(', ')} (not started by crm-infra here?)`
          : undefined,
      );
    } finally {
      await database.end();
      await connection.close();
    }
  },
};

async function oneRun(
  platform: Platform,
  token: string,
  collection: mongoose.mongo.Collection,
  label: string,
  count: number,
) {
  const pending = new Set<string>();
  const answered = new LatencyHistogram();
  let sent = 0;
  let lastAnsweredAt = 0;
  const start = performance.now();
  const client = async (): Promise<void> => {
    while (sent < count) {
      const k = sent++;
      const t = performance.now();
      const data = await graphql<{ registerCustomer: { customerId: string } }>(
        platform.graphqlUrl,
        token,
        REGISTER,
        {
          input: {
            person: { firstName: 'Bench', lastName: `P9${label}N${k}` },
            contacts: [{ email: `p9.${label}.n${k}.${Date.now()}@bench.example`, primary: true }],
          },
        },
      );
      lastAnsweredAt = performance.now();
      answered.recordMs(lastAnsweredAt - t);
      pending.add(data.registerCustomer.customerId);
    }
  };
  let clientsDone = false;
  let wakePoller = (): void => undefined;
  const clientsFinished = new Promise<void>((resolve) => (wakePoller = resolve));
  let lastVisibleAt = start;
  const poller = (async () => {
    const deadline = () => Date.now() + 60_000;
    let giveUpAt = deadline();
    while (!clientsDone || pending.size > 0) {
      if (pending.size > 0) {
        const ids = [...pending];
        const found = await collection
          .find(
            { _id: { $in: ids as unknown as mongoose.mongo.ObjectId[] } },
            { projection: { _id: 1 } },
          )
          .toArray();
        if (found.length > 0) {
          lastVisibleAt = performance.now();
          giveUpAt = deadline();
        }
        for (const doc of found) pending.delete(String(doc._id));
      }
      if (clientsDone && Date.now() > giveUpAt)
        throw new Error(
          `${pending.size} registered customers never appeared in customer 360 within 60 s`,
        );
      // The sparse wait ends early when the clients finish, so the dense tail starts at once.
      await (clientsDone
        ? sleep(POLL_TAIL_MS)
        : Promise.race([sleep(POLL_WHILE_SENDING_MS), clientsFinished]));
    }
  })();
  try {
    await Promise.all(Array.from({ length: CLIENTS }, client));
  } catch (error) {
    // Stop the poller before the caller closes MongoDB, so the mutation's error is the one reported.
    clientsDone = true;
    wakePoller();
    pending.clear();
    await poller.catch(() => undefined);
    throw error;
  }
  clientsDone = true;
  wakePoller();
  await poller;
  return {
    answered: answered.summary(),
    answeredPerSecond: perSecond(count, lastAnsweredAt - start),
    endToEndPerSecond: perSecond(count, Math.max(lastVisibleAt, lastAnsweredAt) - start),
  };
}
