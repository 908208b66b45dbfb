// For fault tests: the same reactor, except that the process dies (SIGKILL, no clean-up) right
// after the first command succeeded, i.e. between the command and the checkpoint.
import type { ReactorDefinition } from '../reactor-definition';

export function killedAfterFirstCommand(definition: ReactorDefinition): ReactorDefinition {
  return {
    ...definition,
    react: async (event, reaction) => {
      await definition.react(event, reaction);
      process.stdout.write(`commanded ${event.eventId}\n`);
      process.kill(process.pid, 'SIGKILL');
    },
  };
}
