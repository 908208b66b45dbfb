// Fault-test child: runs the tally reactor and kills itself with SIGKILL right after its first
// command succeeded, before the checkpoint is written.   CRM_TEST_DB_URL=… node -r @swc-node/register …
import { killedAfterFirstCommand } from './kill-after-command';
import { tallyWorld } from './tally-reactor';

async function main(): Promise<void> {
  const world = await tallyWorld(process.env['CRM_TEST_DB_URL']!);
  await world.reactor(killedAfterFirstCommand(world.definition)).start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
