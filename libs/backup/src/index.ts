// Backup and restore of the platform's PostgreSQL cluster, with erasures re-applied on restore.
export * from './backup.errors';
export * from './backup';
export * from './restore';
export * from './manifest';
export * from './erasure-replay';
export * from './local-cluster';
export { pgBinDir, runTool } from './pg-tools';
