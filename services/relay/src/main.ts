// The relay process: forwards the event store's global log to Kafka (see docs/delivery-guarantees.md).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/relay/src/main.ts
// Run two or more for availability: one leads (PostgreSQL advisory lock), the others stand by.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import pino from 'pino';
import { serviceMain } from '@crm/messaging';
import { startRelayApp } from './relay.app';
import { loadRelayConfig } from './relay.config';

serviceMain({
  name: 'relay',
  loadConfig: loadRelayConfig,
  createLogger: (config) =>
    pino({
      level: config.logLevel,
      base: { service: 'relay', relay: config.relayName },
      timestamp: pino.stdTimeFunctions.isoTime,
    }),
  start: startRelayApp,
});
