// Fault-test child: a timer worker whose first command succeeds, then the process dies (SIGKILL)
// before the worker records the firing, its lease still held.
//   CRM_TEST_DB_URL=… CRM_TEST_NOW=<ISO instant> CRM_TEST_LEASE_MS=<ms> node -r @swc-node/register …
import { ManualClock, remindersWorld } from './reminders';

async function main(): Promise<void> {
  const clock = new ManualClock(new Date(process.env['CRM_TEST_NOW']!));
  const world = await remindersWorld(process.env['CRM_TEST_DB_URL']!, clock);
  await world
    .worker({
      leaseMs: Number(process.env['CRM_TEST_LEASE_MS'] ?? 60_000),
      fire: async (firing) => {
        await world.send(firing);
        process.stdout.write(`fired ${firing.key}\n`);
        process.kill(process.pid, 'SIGKILL');
      },
    })
    .fireDue();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
