// The projection workers: keep every read model of the catalogue up to date (docs/projections.md).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/projections/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import pino from 'pino';
import { serviceMain } from '@crm/messaging';
import { PROJECTIONS, projectionStore } from './projection-catalogue';
import { startProjectionsApp } from './projections.app';
import { loadProjectionsConfig } from './projections.config';

serviceMain({
  name: 'projections',
  loadConfig: (env) =>
    loadProjectionsConfig(
      env,
      PROJECTIONS.map((p) => p.name),
    ),
  createLogger: (config) =>
    pino({
      level: config.logLevel,
      base: { service: 'projections' },
      timestamp: pino.stdTimeFunctions.isoTime,
    }),
  start: (config, logger) => startProjectionsApp(config, PROJECTIONS, logger, projectionStore),
});
